"""One socket in a room: a bounded send queue and the task that drains it."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from starlette.websockets import WebSocketDisconnect

from cocreatie import metrics
from cocreatie.rooms.audience import Audience
from cocreatie.stream.ids import StreamKey, stream_id_key

log = logging.getLogger(__name__)

CLOSE_SERVER_ERROR = 1011
CLOSE_UNAUTHORIZED = 4001
CLOSE_HELLO_TIMEOUT = 4002
CLOSE_FORBIDDEN_ORIGIN = 4003
CLOSE_NOT_FOUND = 4004
CLOSE_TOO_SLOW = 4008
CLOSE_DELETED = 4010
CLOSE_RATE_LIMITED = 4029


class Channel(Protocol):
    """What a connection needs of a socket; a Starlette WebSocket is one.

    A `send_text` that suspends must not have written anything yet (uvicorn's only
    suspension point is waiting for a full transport buffer to drain).
    """

    async def send_text(self, data: str) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


class Connection:
    """Frames go straight out when the socket can take them; otherwise they wait in a
    bounded queue, and a socket that cannot keep up is dropped, not waited for."""

    def __init__(self, channel: Channel, audience: Audience, queue_size: int = 512, batched: bool = False) -> None:
        self.channel = channel
        self.audience = audience
        self.batched = batched
        """The client takes several events in one `events` message (its hello said `batch`)."""
        self.ended = asyncio.Event()
        self.end_code = 1000
        self.end_reason = ""
        self._queue: asyncio.Queue[str] = asyncio.Queue(maxsize=queue_size)
        self._last_event: StreamKey = (0, 0)
        self._sending = False

    def offer(self, text: str, event: StreamKey | None = None) -> None:
        """Send or queue a frame; an event (its `stream_id_key`) at or before the last one
        offered is skipped."""
        if event is not None:
            if event <= self._last_event:
                return
            self._last_event = event
        if not self._sending and self._queue.empty() and self._send_now(text):
            return
        try:
            self._queue.put_nowait(text)
        except asyncio.QueueFull:
            self.end(CLOSE_TOO_SLOW, "too slow: the socket did not read its messages")

    def _send_now(self, text: str) -> bool:
        """Write the frame without a task switch, as `websockets.broadcast()` does: one
        frame to a thousand sockets is then one loop, not a thousand task wake-ups.

        False, with nothing written, when the send would have to wait (a full transport
        buffer) or fails; the frame is then queued and the sender task takes over,
        meeting the same wait or error itself.
        """
        sending = self.channel.send_text(text)
        try:
            sending.send(None)
        except StopIteration:
            return True
        except (WebSocketDisconnect, RuntimeError):
            return False
        sending.close()
        return False

    def lacks(self, event: StreamKey) -> bool:
        """True when this event is newer than anything the socket was given."""
        return event > self._last_event

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
            text = await self._queue.get()
            self._sending = True
            try:
                await self.channel.send_text(text)
            finally:
                self._sending = False

    async def close(self) -> None:
        """Close the socket with the code the server chose; call after sending has stopped."""
        log.info("socket closed by server", extra={"code": self.end_code, "reason": self.end_reason})
        await self.channel.close(self.end_code, self.end_reason)
