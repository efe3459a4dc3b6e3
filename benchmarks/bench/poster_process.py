"""The main bench's side of the posting phones' process (benchmarks/bench/poster.py): how many
phones post, starting the process, and its few messages."""

from __future__ import annotations

import asyncio
import math
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeVar

from benchmarks.bench.load import Pace
from benchmarks.bench.posting import SAID, PhoneSpec, Posted, PosterConfig, Ready, Report, Said
from benchmarks.bench.timings import Timings

IDEAS_PER_SECOND = 1.0
IDEA_BURST = 10
"""The per-participant idea limit as shipped (COCREATIE_IDEAS_PER_SECOND, COCREATIE_IDEA_BURST)."""
HEADROOM = 2.0
READY_TIMEOUT_SECONDS = 120.0
STOP_TIMEOUT_SECONDS = 20.0
LINE_LIMIT = 2**26  # the report carries every idea of the run on one line

Message = TypeVar("Message", Ready, Posted, Report)


def posting_phones(pace: Pace, rooms: int, sockets: int) -> int:
    """Enough phones that the per-participant limit never refuses an idea: at max(rate / 1,
    burst / 10) phones each would post at its sustained limit, or spend its whole bucket of 10
    in a burst second; twice that leaves each phone at half of both. At least one per room,
    at most every socket."""
    needed = math.ceil(HEADROOM * max(pace.rate / IDEAS_PER_SECOND, pace.burst / IDEA_BURST))
    return min(sockets, max(rooms, needed))


class Poster:
    """The running process: start its pace, then collect what its phones saw."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.pid = process.pid

    async def start(self, config: PosterConfig) -> None:
        """Hand over the configuration; returns once every posting phone is welcomed."""
        await self._send(config.model_dump_json())
        await self._expect(Ready, READY_TIMEOUT_SECONDS)

    async def post(self) -> Posted:
        """Tell the phones to post; returns when the pace has run out."""
        await self._send("go")
        return await self._expect(Posted, None)

    async def report(self) -> Timings:
        """Sends, acks and arrivals on the posting phones, once the fan-out reached them."""
        return (await self._expect(Report, None)).timings()

    async def _send(self, line: str) -> None:
        if self.process.stdin is None:
            raise RuntimeError("the poster's stdin is not a pipe")
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def _expect(self, kind: type[Message], timeout: float | None) -> Message:
        if self.process.stdout is None:
            raise RuntimeError("the poster's stdout is not a pipe")
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not line:
            raise RuntimeError(f"the posting phones' process ended (code {await self.process.wait()}); see its stderr")
        said: Said = SAID.validate_json(line)
        if not isinstance(said, kind):
            raise RuntimeError(f"the poster said {said.type!r}, the bench expected {kind.__name__}")
        return said

    async def stop(self) -> None:
        if self.process.returncode is None and self.process.stdin is not None:
            self.process.stdin.write(b"stop\n")
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT_SECONDS)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


@asynccontextmanager
async def poster_process(phones: list[PhoneSpec], pace: Pace, seed: int, prefix: str,
                         fan_out_wait: float) -> AsyncIterator[Poster]:
    """The posting phones connected and welcomed in their own process; stopped on exit."""
    config = PosterConfig(phones=phones, rate=pace.rate, seconds=pace.seconds, burst=pace.burst,
                          burst_every=pace.burst_every, seed=seed, prefix=prefix, fan_out_wait=fan_out_wait)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.bench.poster", stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, limit=LINE_LIMIT, start_new_session=True,
    )
    poster = Poster(process)
    try:
        await poster.start(config)
        yield poster
    finally:
        await poster.stop()
