"""Real processes for tests: Redis servers and `cocreatie` commands on free ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO

import httpx

from cocreatie.runtime.embedded_redis import redis_server_binary, server_arguments

READY_TIMEOUT_SECONDS = 60.0
COCREATIE = (sys.executable, "-m", "cocreatie")
"""How the tests start the command: this checkout's, in the test's interpreter."""
ORGANISER_TOKEN = "test-organiser-token"
"""Every command the tests start gets it (COCREATIE_ORGANISER_TOKEN) unless a test says otherwise."""
ORGANISER = {"Authorization": f"Bearer {ORGANISER_TOKEN}"}
"""The header that lets a test create workshops."""


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    return {**os.environ, "COCREATIE_ORGANISER_TOKEN": ORGANISER_TOKEN, **(env or {})}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def embedded_redis_server(folder: Path) -> Iterator[str]:
    """The same private redis-server that `cocreatie up` starts, for tests."""
    folder.mkdir(parents=True, exist_ok=True)
    socket_path = folder / "redis.sock"
    process = subprocess.Popen([redis_server_binary(), *server_arguments(folder, socket_path)])
    try:
        wait_for(lambda: socket_path.exists(), "embedded redis")
        yield f"unix://{socket_path}"
    finally:
        process.terminate()
        process.wait(10)


def run_cocreatie(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120,
    program: Sequence[str] = COCREATIE, cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m cocreatie ARGS` (or `program ARGS`) to the end; its output captured."""
    return subprocess.run(
        [*program, *args], env=_environment(env), capture_output=True, timeout=timeout, check=False,
        cwd=cwd,
    )


def cocreatie_command(
    *args: str, env: dict[str, str] | None = None, output: IO[bytes] | None = None,
    program: Sequence[str] = COCREATIE, cwd: Path | None = None, errors: IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """Start `python -m cocreatie ARGS` (or `program ARGS`) in its own session (so tests can signal the group).

    Its stdout and stderr go to `output`, or stderr to `errors` when given."""
    return subprocess.Popen(
        [*program, *args],
        env=_environment(env),
        stdout=output or subprocess.DEVNULL,
        stderr=errors or output or subprocess.DEVNULL,
        start_new_session=True,
        cwd=cwd,
    )


@contextmanager
def web_process(redis_url: str, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`cocreatie serve` on a free port; yields its base URL once it answers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log, "ab") as output:
        process = cocreatie_command(
            "serve", "--port", str(port), env={"REDIS_URL": redis_url, **(env or {})}, output=output
        )
        with _stopped_on_exit(process):
            wait_until_answers(base, process)
            yield base


@contextmanager
def _stopped_on_exit(process: subprocess.Popen[bytes]) -> Iterator[None]:
    try:
        yield
    finally:
        stop(process)


def wait_until_answers(
    base: str, process: subprocess.Popen[bytes], path: str = "/healthz", status: int | None = None
) -> None:
    def answers() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before answering")
        try:
            code = httpx.get(base + path, timeout=2).status_code
        except httpx.TransportError:
            return False
        return status is None or code == status

    wait_for(answers, base + path)


def stop(process: subprocess.Popen[bytes], signum: int = signal.SIGTERM, seconds: float = 20) -> int:
    if process.poll() is None:
        process.send_signal(signum)
    try:
        return process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {READY_TIMEOUT_SECONDS:.0f} s")
        time.sleep(0.05)


def wait_for_output(path: Path, text: bytes, process: subprocess.Popen[bytes], times: int = 1) -> bytes:
    """Until the file a running process writes to holds `text` (`times` times); the file's content then."""

    def written() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before writing {text!r}")
        return path.read_bytes().count(text) >= times

    wait_for(written, f"{text!r} in {path}")
    return path.read_bytes()


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@contextmanager
def running_up(
    data_dir: Path, log: Path, *flags: str, env: dict[str, str] | None = None, errors: Path | None = None,
    program: Sequence[str] = COCREATIE, cwd: Path | None = None, ready: str = "/healthz",
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`cocreatie up` on a free port (embedded Redis unless `env` names one), until `ready`
    answers 200; stdout and stderr to `log`, or stderr to `errors`. Ctrl-C on the way out."""
    port = free_port()
    with open(log, "ab") as output, open(errors, "ab") if errors else nullcontext() as error_output:
        process = cocreatie_command(
            "up", "--port", str(port), "--data-dir", str(data_dir), *flags, env={"REDIS_URL": "", **(env or {})},
            output=output, errors=error_output, program=program, cwd=cwd,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answers(base, process, ready, status=200)
            yield base, process
        finally:
            if process.poll() is None:
                stop(process, signal.SIGINT)


def processes_below(pid: int, command: bytes) -> set[int]:
    """The live processes below `pid` whose command line (NUL-separated) holds `command`."""
    found: set[int] = set()
    for child in descendants(pid):
        try:
            if command in Path(f"/proc/{child}/cmdline").read_bytes() and alive(child):
                found.add(child)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found
