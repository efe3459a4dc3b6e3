"""One socket in a room: a bounded send queue and the task that drains it."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from cocreatie import metrics
from cocreatie.rooms.audience import Audience
from cocreatie.stream.ids import stream_id_key

log = logging.getLogger(__name__)

CLOSE_SERVER_ERROR = 1011
CLOSE_UNAUTHORIZED = 4001
CLOSE_HELLO_TIMEOUT = 4002
CLOSE_FORBIDDEN_ORIGIN = 4003
CLOSE_NOT_FOUND = 4004
CLOSE_TOO_SLOW = 4008
CLOSE_RATE_LIMITED = 4029


class Channel(Protocol):
    """What a connection needs of a socket; a Starlette WebSocket is one."""

    async def send_text(self, data: str) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


class Connection:
    """Frames wait in a bounded queue; a socket that cannot keep up is dropped, not waited for."""

    def __init__(self, channel: Channel, audience: Audience, queue_size: int = 512) -> None:
        self.channel = channel
        self.audience = audience
        self.ended = asyncio.Event()
        self.end_code = 1000
        self.end_reason = ""
        self._queue: asyncio.Queue[str] = asyncio.Queue(maxsize=queue_size)
        self._last_event = (0, 0)

    def offer(self, text: str, event_id: str | None = None) -> None:
        """Queue a frame; an event at or before the last one queued is skipped."""
        if event_id is not None:
            key = stream_id_key(event_id)
            if key <= self._last_event:
                return
            self._last_event = key
        try:
            self._queue.put_nowait(text)
        except asyncio.QueueFull:
            self.end(CLOSE_TOO_SLOW, "too slow: the socket did not read its messages")

    def mark_seen(self, event_id: str) -> None:
        """Events up to this id are already in what the socket was sent."""
        self._last_event = max(self._last_event, stream_id_key(event_id))

    def end(self, code: int, reason: str) -> None:
        if not self.ended.is_set():
            self.end_code, self.end_reason = code, reason
            self.ended.set()
            metrics.SOCKETS_DROPPED.labels(str(code)).inc()

    async def send_forever(self) -> None:
        """Drain the queue into the socket, in order."""
        while True:
            await self.channel.send_text(await self._queue.get())

    async def close(self) -> None:
        """Close the socket with the code the server chose; call after sending has stopped."""
        log.info("socket closed by server", extra={"code": self.end_code, "reason": self.end_reason})
        await self.channel.close(self.end_code, self.end_reason)
