"""Logs for people on a terminal, JSON lines for machines elsewhere, and an optional log file."""

from __future__ import annotations

import json
import logging
import os
import pty
import re
import socket
import sys
import threading
from pathlib import Path

import pytest

from cocreatie.runtime.logs import TextLines
from tests.processes import cocreatie_command, free_port, stop, wait_until_answers

HUMAN = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) +serve \S+ \S.*$")


def serve_output(tmp_path: Path, terminal: bool, env: dict[str, str]) -> list[str]:
    """Everything one `cocreatie serve` writes from start to SIGTERM, its stderr a pty or a
    file: info records, and the warning for a request that is not HTTP."""
    env = {"REDIS_URL": f"unix://{tmp_path}/nothing-listens.sock", **env}
    if terminal:
        return _lines(_through_a_terminal(tmp_path, env))
    with open(tmp_path / "stderr", "wb") as output:
        _serve_until_it_answers(env, output.fileno())
    return _lines((tmp_path / "stderr").read_bytes())


def _through_a_terminal(tmp_path: Path, env: dict[str, str]) -> bytes:
    leader, follower = pty.openpty()
    received = bytearray()
    reader = threading.Thread(target=_drain, args=(leader, received))
    reader.start()
    try:
        _serve_until_it_answers(env, follower)
    finally:
        os.close(follower)
        reader.join()
        os.close(leader)
    return bytes(received)


def _drain(leader: int, received: bytearray) -> None:
    """Read the terminal until every writer has closed it (Linux then says EIO)."""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            return
        if not chunk:
            return
        received += chunk


def _serve_until_it_answers(env: dict[str, str], stderr: int) -> None:
    port = free_port()
    with os.fdopen(os.dup(stderr), "wb") as output:
        process = cocreatie_command("serve", "--port", str(port), env=env, output=output)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}", process)
        _not_http(port)
    finally:
        stop(process)


def _not_http(port: int) -> None:
    """Uvicorn logs a warning for this, then answers 400."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"NOT HTTP\r\n\r\n")
        assert connection.recv(100).startswith(b"HTTP/1.1 400")


def _lines(output: bytes) -> list[str]:
    return [line for line in output.decode().replace("\r\n", "\n").splitlines() if line]


@pytest.mark.parametrize(
    ("terminal", "log_format", "expected"),
    [(True, "auto", "text"), (False, "auto", "json"), (True, "json", "json"), (False, "text", "text")],
)
def test_log_format_follows_the_terminal_unless_told(
    tmp_path: Path, terminal: bool, log_format: str, expected: str
) -> None:
    lines = serve_output(tmp_path, terminal, {"COCREATIE_LOG_FORMAT": log_format})
    assert any("Uvicorn running on" in line for line in lines)
    if expected == "text":
        assert [line for line in lines if not HUMAN.match(line)] == []
        levels = {line.split()[2] for line in lines}
    else:
        records = [json.loads(line) for line in lines]
        assert {record["process_role"] for record in records} == {"serve"}
        assert {"ts", "level", "logger", "msg"} <= set(records[0])
        levels = {record["level"].upper() for record in records}
    assert levels == {"INFO", "WARNING"}


def test_a_log_file_gets_every_record_and_stderr_only_warnings(tmp_path: Path) -> None:
    log_file = tmp_path / "new folder" / "cocreatie.log"
    lines = serve_output(tmp_path, terminal=False, env={"COCREATIE_LOG_FILE": str(log_file)})
    on_stderr = [json.loads(line) for line in lines]
    in_file = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert [record["level"] for record in on_stderr] == ["warning"]
    assert any(record["msg"].startswith("Uvicorn running on") for record in in_file)
    assert [record for record in on_stderr if record not in in_file] == []
    assert log_file.stat().st_mode & 0o777 == 0o600


def test_a_human_line_carries_extras_and_the_traceback_below() -> None:
    try:
        raise ValueError("no such room")
    except ValueError:
        record = logging.LogRecord("cocreatie.rooms", logging.ERROR, __file__, 1, "room failed", None, sys.exc_info())
    record.__dict__.update(room="w_1", error="two words", process_role="worker")
    first, *below = TextLines().format(record).splitlines()
    assert re.fullmatch(r"\S+ \S+ ERROR   worker cocreatie\.rooms room failed room=w_1 error=\"two words\"", first)
    assert below[0] == "Traceback (most recent call last):" and below[-1] == "ValueError: no such room"
