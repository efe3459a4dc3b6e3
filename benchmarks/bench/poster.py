"""The posting phones, in a client process of their own: `python -m benchmarks.bench.poster`.

The main bench process reads the listening crowd's sockets (a thousand of them) and the boards;
under a burst its own backlog of frames would delay the acks it measures. The phones that post
live here instead, in a process that only reads its own few sockets, so submit -> idea.accepted
is what a phone would see. They are sockets of the room like any other phone: they receive the
fan-out, and their arrivals count for "seen on the last socket".

It reads its orders on stdin and answers on stdout (posting.py); nothing imports this module,
so `python -m` runs it without a second copy."""

from __future__ import annotations

import asyncio
import logging
import sys
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection

from benchmarks.bench.ideas import idea_texts
from benchmarks.bench.load import Load, Pace, post_ideas, wait_until
from benchmarks.bench.posting import Posted, PosterConfig, Ready, Report, Said
from benchmarks.bench.timings import Timings, now


@dataclass
class PostingRoom:
    index: int
    phones: list[ClientConnection] = field(default_factory=list)


async def serve(config: PosterConfig, commands: asyncio.StreamReader) -> None:
    async with AsyncExitStack() as stack:
        load = Load(stack, Timings())
        stack.push_async_callback(load.aclose)
        rooms: dict[int, PostingRoom] = {}
        for phone in config.phones:
            room = rooms.setdefault(phone.room, PostingRoom(phone.room))
            room.phones.append(await load.open_phone(phone.url, phone.number))
        _say(Ready(phones=len(config.phones)))
        await _expect_line(commands, "go")
        load.timings = timings = Timings()  # what arrived before (a preload) is not measured
        pace = Pace(config.rate, config.seconds, config.burst, config.burst_every)
        started = now()
        seconds = await post_ideas(sorted(rooms.values(), key=lambda r: r.index), pace, timings,
                                   idea_texts(config.seed), config.prefix)
        _say(Posted(started=started, seconds=seconds))
        phones = {room.index: len(room.phones) for room in rooms.values()}
        await wait_until(lambda: timings.delivered(phones), config.fan_out_wait)
        _say(Report.of(timings))
        await commands.readline()  # "stop", or the end of input when the bench went away


def _say(message: Said) -> None:
    sys.stdout.write(message.model_dump_json() + "\n")
    sys.stdout.flush()


async def _expect_line(commands: asyncio.StreamReader, wanted: str) -> None:
    line = (await commands.readline()).decode().strip()
    if line != wanted:
        raise RuntimeError(f"the poster expected {wanted!r} from the bench, got {line!r}")


async def _main() -> None:
    commands = asyncio.StreamReader(limit=2**26)
    await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    config = PosterConfig.model_validate_json(await commands.readline())
    await serve(config, commands)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_main())
