"""Worker processes against a real Redis: ideas reach themes; a worker killed mid-batch
loses nothing, and its work is done exactly once by another."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.worker_roster import worker_name
from cocreatie.stream.worker_status import WorkerStatus
from tests.clients import Workshop, create_workshop, is_event, open_board, open_phone, receive_until, send, set_phase
from tests.processes import cocreatie_command, embedded_redis_server, stop
from tests.redis_clients import sync_client
from tests.workers.idle import no_idle_work
from workers.consume import Consumer, ConsumerSettings

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)

IDEAS = [
    "Meer fietspaden aanleggen", "Veilige fietsroutes naar school", "Fietsstraten rond de scholen",
    "Belastingen verlagen voor bedrijven", "Lagere belastingen voor ondernemers", "Minder gemeentebelasting",
    "Eén loket voor alle diensten", "Digitaal loket voor de nieuwe gemeente", "Loket ook op zaterdag open",
]
FAST_CLAIM = {"COCREATIE_CLAIM_IDLE_MS": "500"}


WORKER_STOP_SECONDS = 60
"""A worker stops after the room it is on: a full re-clustering, on a loaded two-core box."""


@contextmanager
def worker_process(redis_url: str, log: Path, env: dict[str, str] | None = None) -> Iterator[int]:
    with open(log, "ab") as output:
        process = cocreatie_command("worker", env={"REDIS_URL": redis_url, **(env or {})}, output=output)
        try:
            yield process.pid
        finally:
            if process.poll() is None:
                stop(process, seconds=WORKER_STOP_SECONDS)


async def wait_for_worker(redis_url: str, pid: int) -> None:
    """Until the worker process `pid` is on the roster: its consumer groups made, its heartbeat
    going. Not /healthz: it counts any fresh heartbeat, a worker's an earlier test killed too."""
    async with connect(redis_url) as client, asyncio.timeout(90):
        while await client.zscore(keys.WORKER_HEARTBEATS, worker_name(pid)) is None:  # noqa: ASYNC110 - another process's heartbeat
            await asyncio.sleep(0.1)


async def post_ideas(stack: AsyncExitStack, workshop: Workshop) -> list[str]:
    board, _ = await open_board(stack, workshop)
    phones = [(await open_phone(stack, workshop, group=g))[0] for g in ("politiek", "burger", "partner")]
    await set_phase(board, "collect")
    accepted = []
    for number, text in enumerate(IDEAS):
        phone = phones[number % 3]
        await send(phone, type="idea.submit", client_id=f"i{number}", text=text)
        accepted.append((await receive_until(phone, lambda f: f["type"] == "idea.accepted"))[-1]["event_id"])
    return accepted


def final_state(workshop: Workshop) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {workshop.token}"}
    return httpx.get(f"{workshop.base}/api/workshops/{workshop.workshop_id}", headers=headers, timeout=5).json()


@pytest.mark.usefixtures("fresh_work_queue")
async def test_ideas_become_themes(web: str, redis_url: str, tmp_path: Path, stack: AsyncExitStack) -> None:
    with worker_process(redis_url, tmp_path / "worker.log") as pid:
        await wait_for_worker(redis_url, pid)
        workshop = create_workshop(web)
        board, _ = await open_board(stack, workshop)
        accepted = await post_ideas(stack, workshop)
        updates = await receive_until(board, lambda f: is_event("themes.updated")(f) and f["data"]["full"], timeout=60)
        full = updates[-1]
    assert 2 <= len(full["data"]["themes"]) <= 5
    state = final_state(workshop)
    assert sorted(state["ideas"]) == sorted(accepted)
    themes = state["rounds"][0]["themes"]
    by_theme = {t: [i["text"] for i in state["ideas"].values() if i["theme_id"] == t] for t in themes}
    bikes = next(texts for texts in by_theme.values() if "Meer fietspaden aanleggen" in texts)
    assert "Veilige fietsroutes naar school" in bikes and "Belastingen verlagen voor bedrijven" not in bikes
    assert state["model"]


@pytest.mark.usefixtures("fresh_work_queue")
async def test_a_worker_killed_mid_batch_loses_nothing(
    web: str, redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    client = sync_client(redis_url, decode_responses=True)
    with worker_process(redis_url, tmp_path / "first.log", FAST_CLAIM) as first:
        await wait_for_worker(redis_url, first)
        workshop = create_workshop(web)
        accepted = await post_ideas(stack, workshop)
        await _kill_while_it_holds_work(client, keys.work_stream(workshop.workshop_id), first)
    board, _ = await open_board(stack, workshop)
    with worker_process(redis_url, tmp_path / "second.log", FAST_CLAIM):
        await receive_until(board, lambda f: is_event("themes.updated")(f) and f["data"]["full"], timeout=90)
    state = final_state(workshop)
    client.close()
    assert sorted(state["ideas"]) == sorted(accepted)
    themed = [i["theme_id"] for i in state["ideas"].values()]
    assert sum(1 for theme in themed if theme) >= len(IDEAS) - 2
    assert set(filter(None, themed)) <= set(state["rounds"][0]["themes"])


async def _kill_while_it_holds_work(client: redis.Redis | redis.RedisCluster, stream: str, pid: int) -> None:
    """SIGSTOP the worker the moment it has read work of the room's `stream` it has not acked, then kill -9."""
    async with asyncio.timeout(90):
        while not client.xpending(stream, keys.WORKER_GROUP)["pending"]:  # noqa: ASYNC110 - see above
            await asyncio.sleep(0.002)
    os.kill(pid, signal.SIGSTOP)
    assert client.xpending(stream, keys.WORKER_GROUP)["pending"]
    os.kill(pid, signal.SIGKILL)


async def test_work_that_keeps_failing_goes_to_the_dead_letter_stream(tmp_path: Path) -> None:
    with embedded_redis_server(tmp_path / "redis") as url:
        async with connect(url) as client:
            await RedisEventStore(client).notify_workers("w_broken", "1-0")
            tries: list[str] = []

            async def failing(room: str) -> None:
                tries.append(room)
                raise RuntimeError("this room cannot be clustered")

            settings = ConsumerSettings(block_ms=50, claim_idle_ms=100, max_deliveries=3)
            await Consumer(client, failing, no_idle_work, settings, name="w1").run(asyncio.Event(), burst=True)
            dead = await client.xrange(keys.DEAD_LETTER_STREAM)
    assert tries == ["w_broken"] * 3
    assert [fields["room"] for _, fields in dead] == ["w_broken"]


@pytest.mark.usefixtures("fresh_work_queue")
async def test_the_facilitators_hand_survives_reclustering(
    web: str, redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    def full(frame: dict[str, Any]) -> bool:
        return is_event("themes.updated")(frame) and frame["data"]["full"]

    with worker_process(redis_url, tmp_path / "worker.log") as pid:
        await wait_for_worker(redis_url, pid)
        workshop = create_workshop(web)
        board, _ = await open_board(stack, workshop)
        await post_ideas(stack, workshop)
        first = (await receive_until(board, full, timeout=60))[-1]["data"]
        themes = [theme["id"] for theme in first["themes"]]
        assert len(themes) >= 2
        state = final_state(workshop)
        moved = next(i for i in state["ideas"].values() if i["theme_id"] == themes[0])
        pinned_members = sorted(i["id"] for i in state["ideas"].values() if i["theme_id"] == themes[1])
        await send(board, type="idea.move", idea_id=moved["id"], theme_id=themes[1])
        await send(board, type="theme.rename", theme_id=themes[1], label="Onze eigen naam")
        await send(board, type="theme.pin", theme_id=themes[1])
        for _ in range(2):
            await send(board, type="recluster", round_id="r1")
            await receive_until(board, full, timeout=60)
    after = final_state(workshop)
    theme = after["rounds"][0]["themes"][themes[1]]
    assert theme["label"] == "Onze eigen naam" and theme["pinned"] is True
    assert after["ideas"][moved["id"]]["theme_id"] == themes[1]
    members = sorted(i["id"] for i in after["ideas"].values() if i["theme_id"] == themes[1])
    assert members == sorted([*pinned_members, moved["id"]])


async def test_a_stopping_worker_finishes_its_room_and_leaves_the_rest_pending(tmp_path: Path) -> None:
    """Told to stop halfway through a batch (say of a backlog of many rooms), a worker
    begins no other room; their work stays pending for another worker to claim."""
    rooms = ["w_first", "w_second", "w_third"]
    stop = asyncio.Event()
    handled: list[str] = []

    async def stop_after_one(room: str) -> None:
        handled.append(room)
        stop.set()

    with embedded_redis_server(tmp_path / "redis") as url:
        async with connect(url) as client:
            for room in rooms:  # one work stream for all three: one batch
                await client.xadd(keys.WORK_STREAMS[0], {"room": room})
            consumer = Consumer(client, stop_after_one, no_idle_work, ConsumerSettings(block_ms=50), name="w1")
            await asyncio.wait_for(consumer.run(stop), timeout=30)
            pending = await client.xpending(keys.WORK_STREAMS[0], keys.WORKER_GROUP)
    assert len(handled) == 1
    assert pending["pending"] == 2


async def test_a_stopping_worker_ends_though_its_heartbeat_missed_the_cancel(tmp_path: Path) -> None:
    """On Python 3.11 a cancel that lands just as redis-py has written a command is lost (the
    write runs in `asyncio.wait_for`, CPython gh-86296). Told to stop then, a worker still
    ends, and is off the roster: no heartbeat of it comes after its sign-off."""
    stop = asyncio.Event()

    class MissesOneCancel(Consumer):
        async def heartbeat(self) -> None:
            await super().heartbeat()
            if not stop.is_set():
                stop.set()  # told to stop while this heartbeat is out
                with suppress(asyncio.CancelledError):  # lost, as by asyncio.wait_for after the write
                    await asyncio.Event().wait()

    async def no_room_work(room: str) -> None:
        pytest.fail(f"no room has work, yet {room} was handled")

    with embedded_redis_server(tmp_path / "redis") as url:
        async with connect(url) as client:
            consumer = MissesOneCancel(client, no_room_work, no_idle_work, ConsumerSettings(block_ms=50), name="w1")
            async with asyncio.timeout(30) as deadline:  # not wait_for: a run that ate the cut-off would pass it
                await consumer.run(stop)
            assert not deadline.expired(), "the worker never ended"
            assert await WorkerStatus(client).live_workers() == 0
