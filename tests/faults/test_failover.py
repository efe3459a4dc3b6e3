"""An acknowledged idea survives a failover (DESIGN §9): `idea.accepted` goes out only once a
replica has the idea. Each test runs its own local cluster, since it kills or stops nodes."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from cocreatie.stream import keys
from tests.clients import create_workshop
from tests.faults.checks import Entries, assert_acknowledged_once, assert_ids_match_the_stream, folded_state
from tests.faults.followers import Follower, Unavailable
from tests.faults.room import Room
from tests.faults.servers import serving
from tests.redis_cluster import LocalCluster, local_cluster

PHONES = 4
IDEAS_PER_PHONE = 12
KILL_AFTER_ACKS = 15
REPLICA_WAIT_SECONDS = 0.5
"""COCREATIE_REPLICA_WAIT_MS as `serving` leaves it: the default."""


@pytest.fixture
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    with local_cluster(tmp_path_factory.mktemp("failover")) as own:
        yield own


@pytest.mark.timeout(300)
async def test_a_master_killed_mid_run_loses_no_acknowledged_idea(cluster: LocalCluster, tmp_path: Path) -> None:
    with serving(cluster.url, tmp_path / "web.log") as (web, _):
        room = await Room.opened(create_workshop(web), [web], [web], PHONES)
        master = cluster.master_of(keys.events(room.workshop.workshop_id))

        async def kill_the_master() -> None:
            cluster.signal(master, signal.SIGKILL)

        await room.post_through(IDEAS_PER_PHONE, KILL_AFTER_ACKS, kill_the_master)
        entries = await _read_to_the_end(cluster, room)
        state = folded_state(room.workshop, web)
    assert cluster.master_of(keys.events(room.workshop.workshop_id)) != master, "the replica did not take over"
    assert_acknowledged_once(state, room.phones)
    assert_ids_match_the_stream(entries, room.clients)
    assert len(state["ideas"]) == PHONES * IDEAS_PER_PHONE  # type: ignore[arg-type]


@pytest.mark.timeout(120)
async def test_no_ack_while_the_replica_is_stopped_and_one_after(cluster: LocalCluster, tmp_path: Path) -> None:
    with serving(cluster.url, tmp_path / "web.log") as (web, _):
        room = await Room.opened(create_workshop(web), [web], [web], 1)
        phone = room.phones[0]
        await phone.submit("before", "Een idee voor de storing")
        replica = cluster.replicas_of(cluster.master_of(keys.events(room.workshop.workshop_id)))[0]
        cluster.signal(replica, signal.SIGSTOP)
        try:
            waited = await _refused(phone, "during", "Een idee terwijl de replica stilstaat")
        finally:
            cluster.signal(replica, signal.SIGCONT)
        assert "during" not in phone.acked and waited >= REPLICA_WAIT_SECONDS * 0.9
        await phone.submit("during", "Een idee terwijl de replica stilstaat")
        entries = await _read_to_the_end(cluster, room)
        state = folded_state(room.workshop, web)
    assert_acknowledged_once(state, room.phones)
    assert_ids_match_the_stream(entries, room.clients)
    assert len(state["ideas"]) == 2  # type: ignore[arg-type]


@pytest.mark.timeout(120)
async def test_a_master_without_replica_acks_at_once_and_health_says_degraded(
    cluster: LocalCluster, tmp_path: Path
) -> None:
    with serving(cluster.url, tmp_path / "web.log") as (web, _):
        room = await Room.opened(create_workshop(web), [web], [web], 1)
        master = cluster.master_of(keys.events(room.workshop.workshop_id))
        async with httpx.AsyncClient(timeout=10) as http:
            before = (await http.get(f"{web}/healthz")).json()
        cluster.signal(cluster.replicas_of(master)[0], signal.SIGKILL)
        after = await _degraded(web)
        await room.phones[0].submit("alone", "Een idee zonder replica")
        entries = await _read_to_the_end(cluster, room)
    assert before["degraded"] is False and before["replicas"] == 1
    assert after["replicas"] == 0 and after["masters"] == before["masters"] | {f"127.0.0.1:{master}": 0}
    assert [fields["event"] for _, fields in entries].count("idea.added") == 1


async def _refused(phone: Follower, client_id: str, text: str) -> float:
    """Send one idea that must not be acknowledged; how long the `unavailable` took."""
    started = time.monotonic()
    await phone.send(type="idea.submit", client_id=client_id, text=text)
    with pytest.raises(Unavailable):
        await phone.read_until(lambda: client_id in phone.acked)
    return time.monotonic() - started


async def _degraded(web: str) -> dict[str, object]:
    """/healthz once it reports the lost replica (the master sees the link drop at once)."""
    async with httpx.AsyncClient(timeout=10) as client, asyncio.timeout(30):
        while True:
            body: dict[str, object] = (await client.get(f"{web}/healthz")).json()
            if body["degraded"]:
                return body
            await asyncio.sleep(0.1)


async def _read_to_the_end(cluster: LocalCluster, room: Room) -> Entries:
    """The room's stream as the cluster holds it now; every client read to its last entry."""
    with redis.RedisCluster.from_url(cluster.live_url, decode_responses=True) as client:
        entries: Entries = client.xrange(keys.events(room.workshop.workshop_id))
    for follower in room.clients:
        await follower.read_to(entries[-1][0])
        await follower.close()
    return entries
