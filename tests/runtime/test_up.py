"""`cocreatie up` runs the whole product, stops it cleanly, and keeps its data."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from tests.clients import Workshop, open_board, open_phone, receive_until, send, set_phase
from tests.processes import alive, descendants, running_up, stop, wait_for_output


async def test_up_starts_everything_and_ctrl_c_leaves_no_process(tmp_path: Path, stack: AsyncExitStack) -> None:
    data = tmp_path / "data"
    with running_up(data, tmp_path / "up.log") as (base, process):
        children = descendants(process.pid)
        async with httpx.AsyncClient(timeout=5) as http:
            health = (await http.get(f"{base}/healthz")).json()
        assert health == {"ok": True, "redis": True, "workers": 1, "sockets": 0, "replicas": 0, "degraded": False}
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

    with running_up(data, tmp_path / "again.log") as (base, process):
        async with httpx.AsyncClient(timeout=5) as http:
            auth = {"Authorization": f"Bearer {workshop.token}"}
            answer = await http.get(f"{base}/api/workshops/{workshop.workshop_id}", headers=auth)
        texts = [idea["text"] for idea in answer.json()["ideas"].values()]
        assert texts == ["Dit idee overleeft een herstart"]
        assert json.loads((data / "workshop.json").read_text())["workshop_id"] == workshop.workshop_id
        children = descendants(process.pid)
        assert stop(process, signal.SIGTERM) == 0
    assert not [pid for pid in children if alive(pid)]


def test_up_prints_the_banner_alone_and_its_children_log_to_a_file(tmp_path: Path) -> None:
    """On loopback (the LAN address is tests/runtime/test_network.py's), so the links are the base asked.
    No organiser token is configured: `up` makes one and shows it once."""
    data, stdout, stderr = tmp_path / "data", tmp_path / "stdout", tmp_path / "stderr"
    no_token = {"COCREATIE_ORGANISER_TOKEN": ""}
    with running_up(data, stdout, "--host", "127.0.0.1", env=no_token, errors=stderr) as (base, process):
        printed = wait_for_output(stdout, b"Press Ctrl-C to stop.", process).decode()
        assert stop(process, signal.SIGINT) == 0
    remembered = json.loads((data / "workshop.json").read_text())
    lines = [line.strip() for line in printed.splitlines() if line.strip()]
    assert lines[0] == "cocreatie is running."
    assert f"Facilitator board:          {base}/board/{remembered['workshop_id']}" in lines
    assert f"Participants join at:       {base}/j/{remembered['join_code']}   (code {remembered['join_code']})" in lines
    assert f"New workshop:               {base}/new" in lines
    kept = (data / "organiser-token").read_text().strip()
    assert f"Organiser token (new, shown once; needed to create workshops): {kept}" in lines
    assert f"kept in {data / 'organiser-token'}" in lines
    assert f"WARNING: Phones cannot reach {base}: 127.0.0.1 is this computer's own (loopback)" in " ".join(lines)
    assert lines[-2:] == [f"Logs: {data / 'logs' / 'cocreatie.log'}", "Press Ctrl-C to stop."]
    assert [line for line in lines if line.startswith("{") or '"level"' in line or " INFO " in line] == []
    children = [json.loads(line) for line in (data / "logs" / "cocreatie.log").read_text().splitlines()]
    assert {"serve", "worker"} <= {record["process_role"] for record in children}
    records = [
        json.loads(line) for line in stderr.read_text().splitlines()
    ]  # nothing but records, not one progress bar
    assert [r for r in records if r["process_role"] != "up" and r["level"] not in ("warning", "error")] == []


def test_up_with_redis_url_starts_no_redis(tmp_path: Path, redis_url: str) -> None:
    with running_up(tmp_path / "data", tmp_path / "up.log", env={"REDIS_URL": redis_url}) as (_, process):
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
