"""Who is connected now, over every web process: each process counts its participants'
sockets per room and publishes the participants to Redis every few seconds; a board
hears `{"type": "presence", "now": {group: n}, "joined": {group: n}}` as often.

Participants are counted, not sockets: a phone with two tabs, or one that reconnected to
another web process a moment ago, is one person. Their group is read from the room's
state when the message is built, so a renamed group counts under its new name.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from cocreatie.models.state import RoomState
from cocreatie.rooms.connection import Connection
from cocreatie.rooms.room import Room
from cocreatie.stream.backoff import until_answered
from cocreatie.stream.redis_client import REDIS_DOWN
from cocreatie.stream.store import EventStore
from cocreatie.tokens import new_id

log = logging.getLogger(__name__)

PUBLISH_SECONDS = 3.0
"""How often a web process publishes its participants, and a board hears the counts."""
FRESH_SECONDS = 10.0
"""An entry older than this belongs to a web process that stopped (a few missed publishes)."""
TTL_SECONDS = 15
"""A room's presence hash expires this long after the last publish to it."""


class Presence:
    """This web process's connected participants per room, and the room's total over all of them."""

    def __init__(self, store: EventStore, process_id: str | None = None) -> None:
        self.store = store
        self.process_id = process_id or new_id("web")
        self._sockets: dict[str, Counter[str]] = {}
        """Per room: participant id -> sockets open here."""
        self._emptied: set[str] = set()
        """Rooms whose last participant here left since the last publish: their entry is withdrawn."""

    @classmethod
    @asynccontextmanager
    async def running(cls, store: EventStore, process_id: str | None = None) -> AsyncIterator[Presence]:
        """Publishing every PUBLISH_SECONDS while open; on the way out this process's entries go."""
        presence = cls(store, process_id)
        leaving = asyncio.Event()
        publishing = asyncio.create_task(presence._publish_until(leaving), name="presence")
        try:
            yield presence
        finally:
            leaving.set()
            publishing.cancel()
            await asyncio.wait([publishing])
            await presence._withdraw()

    @contextmanager
    def present(self, workshop_id: str, participant_id: str) -> Iterator[None]:
        """A participant's socket, counted while the block runs."""
        self.connected(workshop_id, participant_id)
        try:
            yield
        finally:
            self.disconnected(workshop_id, participant_id)

    def connected(self, workshop_id: str, participant_id: str) -> None:
        self._sockets.setdefault(workshop_id, Counter())[participant_id] += 1
        self._emptied.discard(workshop_id)

    def disconnected(self, workshop_id: str, participant_id: str) -> None:
        here = self._sockets.get(workshop_id)
        if here is None or here[participant_id] <= 0:
            raise ValueError(f"participant {participant_id} has no socket counted in {workshop_id}")
        here[participant_id] -= 1
        if here[participant_id] == 0:
            del here[participant_id]
        if not here:
            del self._sockets[workshop_id]
            self._emptied.add(workshop_id)

    def here(self, workshop_id: str) -> set[str]:
        """The participants with a socket on this web process."""
        return set(self._sockets.get(workshop_id, ()))

    async def now(self, workshop_id: str) -> set[str]:
        """The participants connected to any web process: this one's as they are, the others'
        as they last published them."""
        entries = await self.store.presence(workshop_id, FRESH_SECONDS)
        others = (set(ids) for process, ids in entries.items() if process != self.process_id)
        return self.here(workshop_id).union(*others)

    async def presence_message(self, workshop_id: str, state: RoomState) -> str:
        """The board's `presence` frame: connected now and joined in all, per group."""
        groups = Counter(
            state.participants[pid].group for pid in await self.now(workshop_id) if pid in state.participants
        )
        now = {group: groups.get(group, 0) for group in state.groups}
        return json.dumps({"type": "presence", "now": now, "joined": state.group_counts()})

    async def feed(self, room: Room, connection: Connection, leaving: asyncio.Event) -> None:
        """Offer a board socket the room's presence now and every PUBLISH_SECONDS, until
        `leaving` is set (before the cancel, which alone may be lost: `_publish_until`)."""
        while not leaving.is_set():
            connection.offer(await until_answered(
                lambda: self.presence_message(room.workshop_id, room.state), "presence reader"
            ))
            await asyncio.sleep(PUBLISH_SECONDS)

    async def publish(self) -> None:
        """Write this process's participants of every room it serves (and withdraw emptied rooms)."""
        withdrawn = set(self._emptied)
        rooms: dict[str, set[str]] = {workshop_id: set() for workshop_id in withdrawn}
        rooms.update({workshop_id: set(sockets) for workshop_id, sockets in self._sockets.items()})
        if rooms:
            await self.store.publish_presence(self.process_id, rooms, TTL_SECONDS)
        self._emptied -= withdrawn

    async def _publish_until(self, leaving: asyncio.Event) -> None:
        """Publish every PUBLISH_SECONDS until `leaving` is set; the cancel that comes with it
        only cuts the sleep short. On Python 3.11 a cancel that lands just as redis-py has
        written a command is lost (the write runs in `asyncio.wait_for`, CPython gh-86296): a
        writer ended by its cancel alone would then publish on, and the web process, waiting
        for it, not stop."""
        while not leaving.is_set():
            await until_answered(self.publish, "presence writer")
            await asyncio.sleep(PUBLISH_SECONDS)

    async def _withdraw(self) -> None:
        """Take this process's entries out now, so the counts drop without waiting for FRESH_SECONDS."""
        rooms = {workshop_id: () for workshop_id in (*self._sockets, *self._emptied)}
        if not rooms:
            return
        try:
            await self.store.publish_presence(self.process_id, rooms, TTL_SECONDS)
        except REDIS_DOWN as error:
            log.warning("presence not withdrawn: Redis is away; it expires by itself", extra={"error": str(error)})
