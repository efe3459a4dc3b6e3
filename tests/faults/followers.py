"""Clients that survive faults: they keep their token and last event id, reconnect to the
next web process that answers, resume, and resend what was not acknowledged. Each one
remembers every event id it was sent, in order, so tests can compare with the stream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from cocreatie.stream.ids import stream_id_key
from tests.clients import Workshop

RECONNECT_SECONDS = 90.0
REPLY_SECONDS = 15.0
RETRY_SECONDS = 0.2
Frame = dict[str, Any]


class Unavailable(Exception):
    """The product could not reach Redis for this message: send it again."""


class Follower:
    """One phone or board: `ids` (and `names`) of every event it received, `resumed` one flag per reconnect."""

    def __init__(self, bases: list[str], path: str, hello: Frame) -> None:
        self.bases = bases
        self.path = path
        self.hello = hello
        self.start: str | None = None
        self.ids: list[str] = []
        self.names: list[str] = []
        self.resumed: list[bool] = []
        self.acked: dict[str, str] = {}
        self.unavailable = 0
        self.socket: ClientConnection | None = None
        self._next_base = 0

    @classmethod
    def phone(cls, workshop: Workshop, bases: list[str], group: str) -> Follower:
        return cls(bases, f"/ws/join/{workshop.join_code}", {"group": group})

    @classmethod
    def board(cls, workshop: Workshop, bases: list[str]) -> Follower:
        return cls(bases, f"/ws/board/{workshop.workshop_id}", {"token": workshop.token})

    @property
    def last(self) -> str | None:
        return self.ids[-1] if self.ids else self.start

    async def connect(self) -> None:
        """The first web process in turn that completes a welcome; resumes after the first time."""
        async with asyncio.timeout(RECONNECT_SECONDS):
            while True:
                base = self.bases[self._next_base % len(self.bases)]
                try:
                    await self._welcome(base)
                    return
                except (OSError, WebSocketException, TimeoutError):
                    self._next_base += 1
                    await asyncio.sleep(0.1)

    async def _welcome(self, base: str) -> None:
        socket = await connect(base.replace("http://", "ws://") + self.path, open_timeout=5, close_timeout=1)
        try:
            hello = {"type": "hello", **self.hello} | ({"last_event_id": self.last} if self.last else {})
            await socket.send(json.dumps(hello))
            welcome = json.loads(await asyncio.wait_for(socket.recv(), REPLY_SECONDS))
            if welcome.get("type") != "welcome":
                raise AssertionError(f"expected a welcome, got {welcome}")
        except BaseException:
            await socket.close()
            raise
        if self.start is None:
            self.start = welcome["last_event_id"]
            if "participant_token" in welcome:
                self.hello = {"participant_token": welcome["participant_token"]}
        else:
            self.resumed.append(welcome["resumed"])
        self.socket = socket

    async def send(self, **frame: Any) -> None:
        await self._live().send(json.dumps(frame))

    async def submit(self, client_id: str, text: str) -> str:
        """Send until acknowledged, reconnecting and resending the same client id after a fault."""
        while client_id not in self.acked:
            try:
                await self.send(type="idea.submit", client_id=client_id, text=text)
                await self.read_until(lambda: client_id in self.acked)
            except Unavailable:
                await asyncio.sleep(RETRY_SECONDS)
            except (ConnectionClosed, OSError, TimeoutError):
                await self.reconnect()
        return self.acked[client_id]

    async def read_until(self, done: Callable[[], bool], timeout: float = REPLY_SECONDS) -> None:
        async with asyncio.timeout(timeout):
            while not done():
                self._take(json.loads(await self._live().recv()))

    async def read_to(self, event_id: str) -> None:
        """Read (reconnecting if need be) until the event with this id has arrived."""
        while True:
            try:
                await self.read_until(lambda: _at_or_after(self.last, event_id), timeout=30)
                return
            except (ConnectionClosed, OSError):
                await self.reconnect()

    async def reconnect(self) -> None:
        await self.close()
        await self.connect()

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None

    def _take(self, frame: Frame) -> None:
        if frame["type"] == "event":
            self.ids.append(frame["id"])
            self.names.append(frame["event"])
        elif frame["type"] == "idea.accepted":
            self.acked.setdefault(frame["client_id"], frame["event_id"])
        elif frame["type"] == "error" and frame["code"] == "unavailable":
            assert "client_id" in frame, f"an unavailable idea.submit must say which idea: {frame}"
            self.unavailable += 1
            raise Unavailable(frame["message"])
        elif frame["type"] == "error":
            raise AssertionError(f"the product answered with an error: {frame}")

    def _live(self) -> ClientConnection:
        if self.socket is None:
            raise ConnectionError("not connected")
        return self.socket


def _at_or_after(last: str | None, event_id: str) -> bool:
    return last is not None and stream_id_key(last) >= stream_id_key(event_id)
