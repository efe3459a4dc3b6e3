"""The rooms of this web process: created on first join, dropped when empty."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from cocreatie.rooms.connection import CLOSE_SERVER_ERROR
from cocreatie.rooms.room import Room
from cocreatie.settings import Settings
from cocreatie.stream.store import EventStore

log = logging.getLogger(__name__)


class Registry:
    def __init__(self, store: EventStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._rooms: dict[str, Room] = {}
        self._readers: dict[str, asyncio.Task[None]] = {}
        self._loading: dict[str, asyncio.Lock] = {}

    def get(self, workshop_id: str) -> Room | None:
        return self._rooms.get(workshop_id)

    @asynccontextmanager
    async def entered(self, workshop_id: str) -> AsyncIterator[Room]:
        """The room, loaded and followed while anyone is inside."""
        room = await self._open(workshop_id)
        try:
            yield room
        finally:
            if not room.connections:
                self._close(workshop_id)

    @property
    def socket_count(self) -> int:
        return sum(len(room.connections) for room in self._rooms.values())

    async def _open(self, workshop_id: str) -> Room:
        async with self._loading.setdefault(workshop_id, asyncio.Lock()):
            room = self._rooms.get(workshop_id)
            if room is None:
                room = await Room.load(workshop_id, self.store, self.settings.resume_window)
                self._rooms[workshop_id] = room
                task = asyncio.create_task(room.follow(), name=f"room-{workshop_id}")
                task.add_done_callback(self._reader_ended)
                self._readers[workshop_id] = task
            return room

    def _close(self, workshop_id: str) -> None:
        self._rooms.pop(workshop_id, None)
        self._loading.pop(workshop_id, None)
        task = self._readers.pop(workshop_id, None)
        if task is not None:
            task.cancel()

    def _reader_ended(self, task: asyncio.Task[None]) -> None:
        """A reader that dies must not leave its sockets waiting forever: close them."""
        if task.cancelled():
            return
        error = task.exception()
        workshop_id = task.get_name().removeprefix("room-")
        log.error("room reader failed", exc_info=error, extra={"workshop_id": workshop_id})
        room = self._rooms.get(workshop_id)
        if room is not None:
            for connection in list(room.connections):
                connection.end(CLOSE_SERVER_ERROR, "room reader failed; reconnect")
        self._close(workshop_id)

    async def aclose(self) -> None:
        for workshop_id in list(self._rooms):
            self._close(workshop_id)
