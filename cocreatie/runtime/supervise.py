"""`up`'s child processes: each in its own session, stopped on the way out; the workers and
the embedded Redis kept running — one that ends is started again after a back-off, while
the rest stays up.

Workers are interchangeable (any of them catches a room up from its stream), so one that
dies costs a few seconds of clustering, not the evening; the embedded Redis fsyncs every
write, so one started again on the same folder has every acknowledged idea, and its clients
reconnect. The back-off is redis-py's exponential one, counted since the process last ran
well, so one that cannot start (a missing model) is retried ever more slowly instead of in
a tight loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from types import TracebackType
from typing import Self

from cocreatie.stream.backoff import Backoff, restart_backoff

log = logging.getLogger(__name__)

STOP_TIMEOUT_SECONDS = 10.0
RAN_WELL_SECONDS = 60.0
"""A worker that ran this long before it ended is started again after the shortest delay."""

OnExit = Callable[[int], Awaitable[None]]
"""Told the pid of a process that ended, before another is started in its place."""


async def nothing_to_forget(pid: int) -> None:
    """For processes that leave no record behind."""


@dataclass(frozen=True)
class Command:
    argv: Sequence[str]
    env: Mapping[str, str]
    niceness: int = 0
    """Added to the process's nice value (lower CPU priority) before it runs."""

    async def start(self) -> asyncio.subprocess.Process:
        """In its own session: Ctrl-C reaches `up` alone, which stops its children in order."""
        lower = partial(os.nice, self.niceness) if self.niceness else None
        return await asyncio.create_subprocess_exec(
            *self.argv, env=dict(self.env), start_new_session=True, preexec_fn=lower
        )


@dataclass
class Restarts:
    """How long to wait before starting a worker again that ended after `ran_seconds`."""

    backoff: Backoff = field(default_factory=restart_backoff)
    """0.5 s after the first failure, doubling up to 30 s while the worker keeps failing."""
    ran_well_seconds: float = RAN_WELL_SECONDS
    failures: int = 0

    def delay_after(self, ran_seconds: float) -> float:
        if ran_seconds >= self.ran_well_seconds:
            self.failures = 0
        delay = self.backoff.compute(self.failures)
        self.failures += 1
        return delay


@asynccontextmanager
async def running(command: Command) -> AsyncIterator[asyncio.subprocess.Process]:
    """The process of `command`, stopped on exit."""
    process = await command.start()
    try:
        yield process
    finally:
        await stopped(process)


async def stopped(process: asyncio.subprocess.Process) -> None:
    """SIGTERM, then SIGKILL if it has not ended after STOP_TIMEOUT_SECONDS."""
    if process.returncode is None:
        with suppress(ProcessLookupError):  # it ended just now
            process.send_signal(signal.SIGTERM)
    try:
        async with asyncio.timeout(STOP_TIMEOUT_SECONDS):
            await process.wait()
    except TimeoutError:
        log.warning("child did not stop; killing", extra={"pid": process.pid})
        process.kill()
        await process.wait()


class Supervisor:
    """`count` processes of `command`, each started again when it ends; all stopped on exit.
    `name` says what they are in the log ("a worker ended; starting another")."""

    def __init__(self, command: Command, count: int, name: str, on_exit: OnExit = nothing_to_forget) -> None:
        self.command = command
        self.count = count
        self.name = name
        self.on_exit = on_exit
        self._slots: set[asyncio.Task[None]] = set()
        self._broken = asyncio.Event()
        self._leaving = asyncio.Event()
        """Set on the way out, before the slots are cancelled: it, not the cancel alone, ends
        them. On Python 3.11 a cancel that lands just as redis-py has written a command is lost
        (the write runs in `asyncio.wait_for`, CPython gh-86296): a slot signing off an ended
        worker (`on_exit`) would then start another and wait on it, and `up` not stop."""

    async def __aenter__(self) -> Self:
        for _ in range(self.count):
            slot = asyncio.create_task(self._keep_running())
            slot.add_done_callback(self._note_failure)
            self._slots.add(slot)
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._leaving.set()
        for slot in self._slots:
            slot.cancel()
        if self._slots:
            await asyncio.wait(self._slots)
        failures = [failure for slot in self._slots if not slot.cancelled() and (failure := slot.exception())]
        if failures:
            raise failures[0]

    async def broken(self) -> None:
        """Returns only if keeping a process running failed (it could not be started at all);
        leaving the supervisor then raises why."""
        await self._broken.wait()

    def _note_failure(self, slot: asyncio.Task[None]) -> None:
        if not slot.cancelled() and slot.exception() is not None:
            self._broken.set()

    async def _keep_running(self) -> None:
        restarts = Restarts()
        while not self._leaving.is_set():
            started = time.monotonic()
            async with running(self.command) as process:
                code = await process.wait()
            await self.on_exit(process.pid)
            if self._leaving.is_set():
                return
            delay = restarts.delay_after(time.monotonic() - started)
            log.warning(
                f"{self.name} ended; starting another", extra={"pid": process.pid, "code": code, "in_seconds": delay}
            )
            await asyncio.sleep(delay)
