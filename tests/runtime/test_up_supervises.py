"""`cocreatie up` keeps its workers and its embedded Redis running: one that dies is started
again after a back-off while the rest stays up; the web process dying still stops it all."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from cocreatie.runtime.supervise import RAN_WELL_SECONDS, Restarts
from cocreatie.runtime.up import WORKER_NICENESS
from tests.clients import (
    Frame,
    Workshop,
    is_event,
    open_board,
    open_phone,
    post_idea,
    receive_until,
    send,
    set_phase,
)
from tests.processes import alive, descendants, processes_below, running_up, stop, wait_for_output
from tests.workers.ideas import TOPICS

WEB, WORKER, REDIS = b"cocreatie\x00serve\x00", b"cocreatie\x00worker\x00", b"redis-server"
RESTARTED = b"a worker ended; starting another"
REDIS_RESTARTED = b"the embedded redis ended; starting another"
IDEAS = [text for topic in ("bikes", "taxes", "counter") for text in TOPICS[topic][:3]]


def _one(up: int, command: bytes) -> int:
    (pid,) = processes_below(up, command)
    return pid


def _remembered(base: str, data: Path) -> Workshop:
    """The workshop `up` opened with (made through its own API, so no organiser token is needed here)."""
    known = json.loads((data / "workshop.json").read_text())
    return Workshop(base, known["workshop_id"], known["join_code"], known["facilitator_token"])


def _restarts(log: Path) -> list[dict[str, Any]]:
    """`up`'s records of the workers it started again, read from its stderr."""
    records = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    return [record for record in records if record["msg"] == RESTARTED.decode()]


def _clustered(frame: Frame) -> bool:
    return is_event("themes.updated")(frame) and bool(frame["data"]["themes"])


def _priority(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_restarts_back_off_exponentially_to_a_cap_and_start_over_after_a_good_run() -> None:
    restarts = Restarts()
    assert [restarts.delay_after(1.0) for _ in range(8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert restarts.delay_after(RAN_WELL_SECONDS) == 0.5
    assert restarts.delay_after(1.0) == 1.0


@pytest.mark.timeout(300)
async def test_a_killed_worker_is_started_again_and_the_rest_stays_up(tmp_path: Path, stack: AsyncExitStack) -> None:
    data, log = tmp_path / "data", tmp_path / "up.log"
    http = await stack.enter_async_context(httpx.AsyncClient(timeout=5))
    with running_up(data, log) as (base, up):
        web, redis_server, worker = (_one(up.pid, command) for command in (WEB, REDIS, WORKER))
        assert _priority(worker) == _priority(web) + WORKER_NICENESS  # the room's fan-out goes first
        await asyncio.to_thread(wait_for_output, log, b"Press Ctrl-C to stop.", up)
        workshop = _remembered(base, data)
        board, _ = await open_board(stack, workshop)
        phones = [(await open_phone(stack, workshop))[0] for _ in range(3)]
        await set_phase(board, "collect")

        os.kill(worker, signal.SIGKILL)
        await asyncio.to_thread(wait_for_output, log, RESTARTED, up)
        os.kill(up.pid, signal.SIGSTOP)  # `up` has signed the dead worker off; now it starts none until SIGCONT
        try:
            assert processes_below(up.pid, WORKER) == set()
            outage = await http.get(f"{base}/healthz")
            ideas = [await post_idea(phones[n % 3], f"i{n}", text) for n, text in enumerate(IDEAS)]
        finally:
            os.kill(up.pid, signal.SIGCONT)
        assert (outage.status_code, outage.json()["workers"]) == (503, 0)

        frames = await receive_until(board, _clustered, timeout=180)
        assert {idea for frame in frames if is_event("themes.updated")(frame) for idea in frame["data"]["assign"]} == {
            *ideas
        }
        health = await http.get(f"{base}/healthz")
        assert (health.status_code, health.json()["workers"]) == (200, 1)
        assert _one(up.pid, WORKER) != worker
        assert _priority(_one(up.pid, WORKER)) == _priority(web) + WORKER_NICENESS
        assert (_one(up.pid, WEB), _one(up.pid, REDIS)) == (web, redis_server)
        assert [(r["pid"], r["code"], r["level"]) for r in _restarts(log)] == [(worker, -signal.SIGKILL, "warning")]

        children = descendants(up.pid)
        await stack.aclose()
        assert await asyncio.to_thread(stop, up, signal.SIGINT) == 0
    assert not [pid for pid in children if alive(pid)]


@pytest.mark.timeout(180)
def test_a_worker_that_cannot_start_is_retried_ever_more_slowly(tmp_path: Path) -> None:
    data, log = tmp_path / "data", tmp_path / "up.log"
    with running_up(data, log, env={"COCREATIE_MODEL": "no-such-model"}, ready="/") as (base, up):
        web = _one(up.pid, WEB)
        wait_for_output(log, RESTARTED, up, times=3)
        restarts = _restarts(log)[:3]
        health = httpx.get(f"{base}/healthz", timeout=5)
        assert _one(up.pid, WEB) == web
        children = descendants(up.pid)
        assert stop(up, signal.SIGINT) == 0
    assert [(r["code"], r["in_seconds"]) for r in restarts] == [(2, 0.5), (2, 1.0), (2, 2.0)]
    assert (health.status_code, health.json()["workers"]) == (503, 0)
    assert not [pid for pid in children if alive(pid)]


@pytest.mark.timeout(180)
async def test_a_killed_embedded_redis_is_started_again_with_every_idea(tmp_path: Path, stack: AsyncExitStack) -> None:
    data, log = tmp_path / "data", tmp_path / "up.log"
    with running_up(data, log, "--workers", "0", ready="/") as (base, up):
        web, redis_server = _one(up.pid, WEB), _one(up.pid, REDIS)
        await asyncio.to_thread(wait_for_output, log, b"Press Ctrl-C to stop.", up)
        workshop = _remembered(base, data)
        board, _ = await open_board(stack, workshop)
        phone, _ = await open_phone(stack, workshop)
        await set_phase(board, "collect")
        before = await post_idea(phone, "before", IDEAS[0])

        os.kill(redis_server, signal.SIGKILL)
        await asyncio.to_thread(wait_for_output, log, REDIS_RESTARTED, up)
        after = await _posted_once_redis_answers(phone, IDEAS[1])

        http = await stack.enter_async_context(httpx.AsyncClient(timeout=5))
        auth = {"Authorization": f"Bearer {workshop.token}"}
        state = await http.get(f"{base}/api/workshops/{workshop.workshop_id}", headers=auth)
        assert sorted(idea["text"] for idea in state.json()["ideas"].values()) == sorted(IDEAS[:2])
        assert before != after
        assert _one(up.pid, WEB) == web and _one(up.pid, REDIS) != redis_server
        assert up.poll() is None


async def _posted_once_redis_answers(phone: Any, text: str) -> str:
    """The same idea (one client id) sent again while the web process reconnects, as a phone's outbox does."""
    async with asyncio.timeout(60):
        while True:
            await send(phone, type="idea.submit", client_id="after", text=text)
            answer = (await receive_until(phone, lambda f: f["type"] in ("idea.accepted", "error")))[-1]
            if answer["type"] == "idea.accepted":
                return str(answer["event_id"])
            assert answer["code"] == "unavailable", answer
            await asyncio.sleep(0.2)


def test_when_the_web_process_dies_up_stops_everything(tmp_path: Path) -> None:
    with running_up(tmp_path / "data", tmp_path / "up.log") as (_, up):
        children = descendants(up.pid)
        os.kill(_one(up.pid, WEB), signal.SIGKILL)
        up.wait(60)
    assert not [pid for pid in children if alive(pid)]
    assert b"the web process ended; stopping" in (tmp_path / "up.log").read_bytes()
