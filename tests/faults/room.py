"""A room under a fault: a board and phones that post concurrently, a fault struck after
some acks, then a burst worker, every client read to the end of the stream, and the checks."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from tests.clients import Workshop
from tests.faults.checks import (
    Entries,
    assert_acknowledged_once,
    assert_every_idea_placed,
    assert_ids_match_the_stream,
    folded_state,
    run_burst_worker,
    stream,
)
from tests.faults.followers import Follower

GROUPS = ("politiek", "administratie", "burger", "partner")


@dataclass
class Room:
    workshop: Workshop
    board: Follower
    phones: list[Follower]

    @classmethod
    async def opened(cls, workshop: Workshop, board_on: list[str], phones_on: list[str], phones: int) -> Room:
        """Everyone connected, and round 1 collecting (every phone has seen it open)."""
        room = cls(workshop, Follower.board(workshop, board_on),
                   [Follower.phone(workshop, phones_on, GROUPS[n % len(GROUPS)]) for n in range(phones)])
        for client in room.clients:
            await client.connect()
        await room.board.send(type="phase.set", round_id="r1", phase="collect")
        for client in room.clients:
            await client.read_until(_has_seen(client, "phase.changed"))
        return room

    @property
    def clients(self) -> list[Follower]:
        return [self.board, *self.phones]

    async def post_through(self, ideas_per_phone: int, strike_after: int, fault: Callable[[], Awaitable[None]]) -> None:
        """All phones post at once; after `strike_after` acks the fault strikes; until all are acked."""
        acks: asyncio.Queue[str] = asyncio.Queue()

        async def post(number: int, phone: Follower) -> None:
            for idea in range(ideas_per_phone):
                await acks.put(
                    await phone.submit(f"p{number}-{idea}", f"Idee {idea} van telefoon {number} over fietspaden")
                )

        posting = asyncio.gather(*(post(number, phone) for number, phone in enumerate(self.phones)))
        for _ in range(strike_after):
            await acks.get()
        await fault()
        await posting

    async def settle(self, redis_url: str, log: Path) -> Entries:
        """A burst worker answers every idea; every client reads to the end; the stream."""
        run_burst_worker(redis_url, log)
        entries = stream(redis_url, self.workshop.workshop_id)
        for client in self.clients:
            await client.read_to(entries[-1][0])
            await client.close()
        return entries

    def check(self, base: str, redis_url: str, entries: Entries) -> dict[str, object]:
        """The checks every fault ends with; the folded state, for more."""
        state = folded_state(self.workshop, base)
        assert_acknowledged_once(state, self.phones)
        assert_every_idea_placed(redis_url, self.workshop.workshop_id, entries, state)
        assert_ids_match_the_stream(entries, self.clients)
        return state


def _has_seen(client: Follower, event: str) -> Callable[[], bool]:
    return lambda: event in client.names
