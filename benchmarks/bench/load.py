"""The socket load: participant phones and a board per room over real loopback sockets,
readers that timestamp what arrives, and a pacer that posts ideas at a rate with bursts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from benchmarks.bench.ideas import IdeaTexts
from benchmarks.bench.timings import Timings, now

EVENT_PREFIX = '{"type":"event","id":"'
EVENTS_PREFIX = '{"type":"events",'
EVENT_NAME = '","event":"'
GROUPS = ("politiek", "administratie", "burger", "partner")
CONNECTS_AT_ONCE = 50
OPEN_TIMEOUT_SECONDS = 60.0


@asynccontextmanager
async def socket_to(url: str) -> AsyncIterator[ClientConnection]:
    """One client socket as a phone would open it: no compression, no client pings."""
    async with connect(url, compression=None, ping_interval=None, open_timeout=OPEN_TIMEOUT_SECONDS,
                       max_size=2**24, close_timeout=2) as socket:
        yield socket


def event_of(frame: str) -> tuple[str, str] | None:
    """(event id, event name) of an `event` frame, without parsing the JSON."""
    if not frame.startswith(EVENT_PREFIX):
        return None
    id_end = frame.index('"', len(EVENT_PREFIX))
    name_start = id_end + len(EVENT_NAME)
    return frame[len(EVENT_PREFIX):id_end], frame[name_start:frame.index('"', name_start)]


@dataclass(frozen=True)
class Workshop:
    workshop_id: str
    join_code: str
    token: str


class Posting(Protocol):
    """A room's phones that post ideas, by room index."""

    @property
    def index(self) -> int: ...

    @property
    def phones(self) -> list[ClientConnection]: ...


@dataclass
class Room:
    """One workshop under load: its board and phones, spread over the web processes, and the
    room's posting phones held by another process (`posters`, counted in `sockets`)."""

    index: int
    workshop: Workshop
    phones: list[ClientConnection] = field(default_factory=list)
    board: ClientConnection | None = None
    posters: int = 0

    @property
    def sockets(self) -> int:
        return len(self.phones) + self.posters + (self.board is not None)


async def create_workshop(base: str, number: int, organiser_token: str) -> Workshop:
    body = {"title": f"Bench {number}", "rounds": [{"prompt": "Wat is onze missie?", "kind": "mission"}]}
    async with httpx.AsyncClient(timeout=30, headers={"Authorization": f"Bearer {organiser_token}"}) as client:
        answer = await client.post(f"{base}/api/workshops", json=body)
    answer.raise_for_status()
    data = answer.json()
    return Workshop(data["workshop_id"], data["join_code"], data["facilitator_token"])


def ws_url(base: str, path: str) -> str:
    return base.replace("http://", "ws://", 1) + path


def phone_place(number: int, rooms: int, bases: list[str]) -> tuple[int, str]:
    """(room index, web process) of phone `number`: round-robin over rooms, then over web processes."""
    return number % rooms, bases[(number // rooms) % len(bases)]


class Load:
    """Every socket of the run; readers run in tasks this object owns and cancels."""

    def __init__(self, stack: AsyncExitStack, timings: Timings) -> None:
        self.stack = stack
        self.timings = timings
        self.readers: set[asyncio.Task[None]] = set()
        self.closing = False

    async def open_board(self, base: str, room: Room) -> None:
        socket = await self.stack.enter_async_context(socket_to(ws_url(base, f"/ws/board/{room.workshop.workshop_id}")))
        await socket.send(json.dumps({"type": "hello", "token": room.workshop.token, "batch": True}))
        await _expect(socket, _is_welcome)
        await socket.send(json.dumps({"type": "phase.set", "round_id": "r1", "phase": "collect"}))
        await _expect(socket, lambda frame: (event_of(frame) or ("", ""))[1] == "phase.changed")
        room.board = socket
        self._read(socket, board=room.index)

    async def open_phones(self, bases: list[str], rooms: list[Room], count: int, first: int = 0) -> float:
        """Open phones number `first` to `first + count - 1`, spread over rooms and web processes
        by number (phone_place); seconds it took."""
        started = now()
        gate = asyncio.Semaphore(CONNECTS_AT_ONCE)

        async def open_one(number: int) -> None:
            room_index, base = phone_place(number, len(rooms), bases)
            room = rooms[room_index]
            async with gate:
                socket = await self.open_phone(ws_url(base, f"/ws/join/{room.workshop.join_code}"), number)
            room.phones.append(socket)

        await asyncio.gather(*(open_one(number) for number in range(first, first + count)))
        return now() - started

    async def open_phone(self, url: str, number: int) -> ClientConnection:
        """One participant's socket, welcomed and read from then on."""
        socket = await self.stack.enter_async_context(socket_to(url))
        await socket.send(json.dumps({"type": "hello", "group": GROUPS[number % len(GROUPS)], "batch": True}))
        await _expect(socket, _is_welcome)
        self._read(socket, board=None)
        return socket

    def _read(self, socket: ClientConnection, board: int | None) -> None:
        """Read in a task; `board` is the room index when the socket is that room's board."""
        task = asyncio.create_task(self._read_forever(socket, board))
        self.readers.add(task)
        task.add_done_callback(self.readers.discard)

    async def _read_forever(self, socket: ClientConnection, board: int | None) -> None:
        try:
            async for frame in socket:
                timings = self.timings  # replaced after a preload
                if not isinstance(frame, str):
                    timings.error("binary frame")
                    continue
                if frame.startswith(EVENTS_PREFIX):
                    for event in json.loads(frame)["events"]:
                        _take(timings, board, event["id"], event["event"], None, event)
                    continue
                named = event_of(frame)
                if named is None:
                    self._other(frame)
                else:
                    _take(timings, board, *named, frame, None)
        except ConnectionClosed as closed:
            if not self.closing:
                self.timings.error(f"socket closed ({closed.rcvd.code if closed.rcvd else 'no close frame'})")

    def _other(self, frame: str) -> None:
        data: dict[str, Any] = json.loads(frame)
        if data["type"] == "idea.accepted":
            self.timings.accept(data["client_id"], data["event_id"])
        elif data["type"] == "error":
            self.timings.error(data["code"])

    async def aclose(self) -> None:
        self.closing = True
        for task in self.readers:
            task.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)


def _take(timings: Timings, board: int | None, event_id: str, name: str, frame: str | None, parsed: Any) -> None:
    """One event as a phone or the board sees it: its own `frame`, or `parsed` when it came
    inside `events` (its size as a frame of its own is then only worked out once, for the
    first socket that sees it: a thousand sockets re-serialising it made the bench client
    the busiest process of the run)."""
    if name == "idea.added":
        timings.arrive(event_id, lambda: len(frame) if frame is not None else len(_compact(parsed)))
    elif board is not None and name == "themes.updated":
        data = (parsed if frame is None else json.loads(frame))["data"]
        timings.assign(board, data["assign"], data["full"])


def _compact(event: Any) -> str:
    """The event as the server writes a single `event` frame (for its size)."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


def _is_welcome(frame: str) -> bool:
    return json.loads(frame).get("type") == "welcome" if frame.startswith('{"type"') else False


async def _expect(socket: ClientConnection, wanted: Callable[[str], bool], timeout: float = 30.0) -> None:
    async with asyncio.timeout(timeout):
        while True:
            frame = await socket.recv()
            if isinstance(frame, str) and wanted(frame):
                return
            if isinstance(frame, str) and frame.startswith(('{"type":"error"', '{"type": "error"')):
                raise RuntimeError(f"the product refused the bench: {frame}")


@dataclass(frozen=True)
class Pace:
    """`rate` ideas/s, and every `burst_every` seconds one second at `burst` ideas/s."""

    rate: float
    seconds: float
    burst: float = 0.0
    burst_every: float = 10.0

    def interval(self, elapsed: float) -> float:
        in_burst = self.burst > 0 and int(elapsed) % int(self.burst_every) == int(self.burst_every) - 1
        return 1.0 / (self.burst if in_burst else self.rate)

    async def ticks(self) -> AsyncIterator[int]:
        """0, 1, 2, … each at its due time, for `seconds`; open-loop: a late tick does not
        push the next ones back."""
        started = now()
        due, number = started, 0
        while due - started < self.seconds:
            delay = due - now()
            if delay > 0:
                await asyncio.sleep(delay)
            due += self.interval(due - started)
            yield number
            number += 1


async def post_ideas(rooms: Sequence[Posting], pace: Pace, timings: Timings, texts: IdeaTexts, prefix: str) -> float:
    """Send ideas round-robin over rooms and their phones, open-loop; the seconds it took."""
    started = now()
    async for number in pace.ticks():
        room = rooms[number % len(rooms)]
        phone = room.phones[(number // len(rooms)) % len(room.phones)]
        client_id = f"{prefix}{number}"
        timings.submit(client_id, room.index)
        try:
            await phone.send(json.dumps({"type": "idea.submit", "client_id": client_id, "text": texts.next()}))
        except ConnectionClosed:
            del timings.submitted[client_id]
            timings.error("idea not sent: the phone's socket was closed")
    return now() - started


async def wait_until(done: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    """Poll a condition of the timings (the readers fill them) until true or timed out."""
    deadline = now() + timeout
    while not done():
        if now() > deadline:
            return False
        await asyncio.sleep(step)
    return True
