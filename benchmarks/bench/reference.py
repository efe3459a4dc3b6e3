"""The reference measurement: the same sockets, frame size and rate against the bare
broadcast server (reference_server.py). Our fan-out latency is reported as a ratio to it."""

from __future__ import annotations

import asyncio
import sys
from contextlib import AsyncExitStack
from dataclasses import dataclass

from websockets.asyncio.client import ClientConnection

from benchmarks.bench.load import Pace, event_of, socket_to, wait_until
from benchmarks.bench.memory import cpu_seconds
from benchmarks.bench.product import free_port
from benchmarks.bench.timings import Timings, latencies, now

FAN_OUT_WAIT_SECONDS = 20.0
STOP_SECONDS = 20.0


@dataclass(frozen=True)
class Reference:
    seen_everywhere: list[float]
    missing: int
    sent: int
    server_cores: float
    """CPU the bare server used while the frames were sent (1.0 = one core)."""


async def measure_reference(sockets: int, frame_bytes: int, pace: Pace) -> Reference:
    """Same number of sockets, same frame size, same pace (bursts too): send → last socket, per frame."""
    port = free_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.bench.reference_server", str(port),
        stdout=asyncio.subprocess.PIPE, start_new_session=True,
    )
    try:
        if server.stdout is None or await asyncio.wait_for(server.stdout.readline(), 60) != b"ready\n":
            raise RuntimeError("the reference server did not start")
        return await _measure(f"ws://127.0.0.1:{port}/", sockets, frame_bytes, pace, server.pid)
    finally:
        server.terminate()
        try:
            await asyncio.wait_for(server.wait(), STOP_SECONDS)
        except TimeoutError:
            server.kill()
            await server.wait()


async def _measure(url: str, sockets: int, frame_bytes: int, pace: Pace, pid: int) -> Reference:
    timings = Timings()
    async with AsyncExitStack() as stack:
        gate = asyncio.Semaphore(50)

        async def open_one() -> ClientConnection:
            async with gate:
                return await stack.enter_async_context(socket_to(url))

        opened = await asyncio.gather(*(open_one() for _ in range(sockets)))
        readers = [asyncio.create_task(_read(socket, timings)) for socket in opened]
        try:
            started, cpu_from = now(), cpu_seconds([pid])
            async for number in pace.ticks():
                event_id = f"{number + 1}-0"
                timings.submit(event_id, 0)
                timings.accept(event_id, event_id)
                await opened[0].send(_frame(event_id, frame_bytes))
            cores = (cpu_seconds([pid]) - cpu_from) / max(now() - started, 1e-9)
            await wait_until(lambda: all(
                event_id in timings.seen and timings.seen[event_id].count >= sockets
                for _, event_id in timings.accepted.values()
            ), FAN_OUT_WAIT_SECONDS)
        finally:
            for reader in readers:
                reader.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
    found = latencies(timings, [sockets], measure_themes=False)
    return Reference(found.seen_everywhere, found.not_seen_everywhere, len(timings.submitted), cores)


def _frame(event_id: str, size: int) -> str:
    head = f'{{"type":"event","id":"{event_id}","event":"idea.added","data":{{"text":"'
    return head + "x" * max(0, size - len(head) - 3) + '"}}'


async def _read(socket: ClientConnection, timings: Timings) -> None:
    async for frame in socket:
        event = event_of(frame) if isinstance(frame, str) else None
        if event is not None:
            timings.arrive(event[0], frame.__len__)
