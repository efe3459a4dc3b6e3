"""The rooms of this web process: created on first entry, dropped when the last one inside leaves."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from cocreatie.rooms.connection import CLOSE_SERVER_ERROR
from cocreatie.rooms.room import Room
from cocreatie.settings import Settings
from cocreatie.stream.store import EventStore
from cocreatie.stream.wakeups import Wakeups

log = logging.getLogger(__name__)

CANCEL_AGAIN_SECONDS = 0.5
"""A cancel that lands while redis-py sends a reader's next command can come out as a lost
connection, which the reader retries: a reader still running this long after is cancelled again."""


@dataclass
class _Open:
    """A room as registered, with its reader and how many are inside it (a phone still in its
    hello is inside, though its socket is not attached yet)."""

    room: Room
    reader: asyncio.Task[None]
    inside: int = 0


class Registry:
    def __init__(self, store: EventStore, settings: Settings, wakeups: Wakeups | None = None) -> None:
        self.store = store
        self.settings = settings
        self.wakeups = wakeups
        """This process's wake-ups, which a room's reader watches (its store's `wait` listens to them)."""
        self._open_rooms: dict[str, _Open] = {}
        self._loading: dict[str, asyncio.Lock] = {}

    def get(self, workshop_id: str) -> Room | None:
        held = self._open_rooms.get(workshop_id)
        return held.room if held else None

    @asynccontextmanager
    async def entered(self, workshop_id: str) -> AsyncIterator[Room]:
        """The room, loaded and followed while anyone is inside."""
        held = await self._enter(workshop_id)
        try:
            yield held.room
        finally:
            self._leave(workshop_id, held)

    @property
    def socket_count(self) -> int:
        return sum(len(held.room.connections) for held in self._open_rooms.values())

    async def _enter(self, workshop_id: str) -> _Open:
        async with self._loading.setdefault(workshop_id, asyncio.Lock()):
            held = self._open_rooms.get(workshop_id)
            if held is None:
                room = await Room.load(workshop_id, self.store, self.settings.resume_window)
                reader = asyncio.create_task(self._follow(room), name=f"room-{workshop_id}")
                reader.add_done_callback(self._reader_ended)
                held = self._open_rooms[workshop_id] = _Open(room, reader)
            held.inside += 1
            return held

    async def _follow(self, room: Room) -> None:
        """The room's reader, with the room's wake-ups watched while it runs."""
        if self.wakeups is None:
            return await room.follow()
        async with self.wakeups.watching(room.workshop_id):
            await room.follow()

    def _leave(self, workshop_id: str, held: _Open) -> None:
        held.inside -= 1
        if held.inside == 0:
            self._close(workshop_id, held)

    def _close(self, workshop_id: str, held: _Open) -> None:
        """Stop this room's reader; unregister it only if it is still the one registered
        (after its reader failed, a newer room may live under the same id). The room is
        closed before the cancel: a cancel alone can be lost (`Room.close`)."""
        held.room.close()
        held.reader.cancel()
        if self._open_rooms.get(workshop_id) is held:
            del self._open_rooms[workshop_id]
            self._loading.pop(workshop_id, None)

    def deleted(self, workshop_id: str) -> None:
        """The workshop was just deleted through this process: its sockets here are closed
        with CLOSE_DELETED now, not when the room's reader next finds the tombstone."""
        held = self._open_rooms.get(workshop_id)
        if held is not None:
            held.room.deleted()
            self._close(workshop_id, held)

    def _reader_ended(self, task: asyncio.Task[None]) -> None:
        """A reader returns when its workshop was deleted, and one that dies must not leave
        its sockets waiting forever: either way its sockets are closed, with the code that
        says which."""
        if task.cancelled():
            return
        workshop_id = task.get_name().removeprefix("room-")
        failure = task.exception()
        held = self._open_rooms.get(workshop_id)
        if failure is not None:
            log.error("room reader failed", exc_info=failure, extra={"workshop_id": workshop_id})
        if held is None or held.reader is not task:
            return
        if failure is None:
            held.room.deleted()
        else:
            held.room.end_all(CLOSE_SERVER_ERROR, "room reader failed; reconnect")
        self._close(workshop_id, held)

    async def aclose(self) -> None:
        """Stop every reader and wait until each has stopped."""
        pending = {held.reader for held in self._open_rooms.values()}
        for held in self._open_rooms.values():
            held.room.close()
        self._open_rooms.clear()
        self._loading.clear()
        while pending:
            for reader in pending:
                reader.cancel()
            _, pending = await asyncio.wait(pending, timeout=CANCEL_AGAIN_SECONDS)
