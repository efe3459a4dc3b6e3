"""`cocreatie up` runs the whole product, stops it cleanly, and keeps its data."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path

import httpx

from tests.clients import Workshop, open_board, open_phone, receive_until, send, set_phase
from tests.processes import cocreatie_command, free_port, stop, wait_until_answers


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
def product(data_dir: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    with open(log, "ab") as output:
        process = cocreatie_command(
            "up", "--port", str(port), "--data-dir", str(data_dir), env={"REDIS_URL": "", **(env or {})}, output=output
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answers(base, process, "/healthz", status=200)
            yield base, process
        finally:
            if process.poll() is None:
                stop(process, signal.SIGINT)


async def test_up_starts_everything_and_ctrl_c_leaves_no_process(tmp_path: Path, stack: AsyncExitStack) -> None:
    data = tmp_path / "data"
    with product(data, tmp_path / "up.log") as (base, process):
        children = descendants(process.pid)
        health = httpx.get(f"{base}/healthz", timeout=5).json()
        assert health == {"ok": True, "redis": True, "workers": 1, "sockets": 0}
        assert len(children) >= 3  # web, worker, embedded redis
        remembered = json.loads((data / "workshop.json").read_text())
        workshop = Workshop(base, remembered["workshop_id"], remembered["join_code"], remembered["facilitator_token"])
        board, _ = await open_board(stack, workshop)
        phone, _ = await open_phone(stack, workshop)
        await set_phase(board, "collect")
        await send(phone, type="idea.submit", client_id="keep", text="Dit idee overleeft een herstart")
        await receive_until(phone, lambda f: f["type"] == "idea.accepted")
        await stack.aclose()
        assert stop(process, signal.SIGINT) == 0
    assert not [pid for pid in children if alive(pid)]
    assert (data / "redis" / "appendonlydir").is_dir() or (data / "redis" / "appendonly.aof").is_file()

    with product(data, tmp_path / "again.log") as (base, process):
        answer = httpx.get(
            f"{base}/api/workshops/{workshop.workshop_id}", headers={"Authorization": f"Bearer {workshop.token}"}, timeout=5
        )
        texts = [idea["text"] for idea in answer.json()["ideas"].values()]
        assert texts == ["Dit idee overleeft een herstart"]
        assert json.loads((data / "workshop.json").read_text())["workshop_id"] == workshop.workshop_id
        children = descendants(process.pid)
        assert stop(process, signal.SIGTERM) == 0
    assert not [pid for pid in children if alive(pid)]


def test_up_with_redis_url_starts_no_redis(tmp_path: Path, redis_url: str) -> None:
    with product(tmp_path / "data", tmp_path / "up.log", env={"REDIS_URL": redis_url}) as (_, process):
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in descendants(process.pid) if alive(pid)]
        assert not [command for command in commands if b"redis-server" in command]
    assert not (tmp_path / "data" / "redis").exists()


def test_malformed_settings_fail_at_start_naming_the_variable() -> None:
    env = {**os.environ, "COCREATIE_PORT": "eighty", "COCREATIE_WORKERS": "-1"}
    result = subprocess.run(
        [sys.executable, "-m", "cocreatie", "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "COCREATIE_PORT" in result.stderr and "COCREATIE_WORKERS" in result.stderr
