"""Leaving a Supervisor ends its slots although a cancel went missing: on Python 3.11 a cancel
that lands just as redis-py has written a command is lost (CPython gh-86296), and `up` signs
an ended worker off in Redis before it starts another."""

from __future__ import annotations

import asyncio
import sys

from cocreatie.runtime.supervise import Command, Supervisor

QUICK = Command([sys.executable, "-c", "pass"], {})
"""A process that ends at once, so its slot is soon signing it off."""


class SignOffMissesOneCancel:
    """An `on_exit` that swallows the first cancel it gets, as a lost one would leave it."""

    def __init__(self) -> None:
        self.signing_off = asyncio.Event()
        self.missed = False

    async def __call__(self, pid: int) -> None:
        self.signing_off.set()
        if self.missed:
            return
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            self.missed = True  # and returns as though the sign-off had been answered


async def test_leaving_ends_a_slot_whose_sign_off_missed_the_cancel() -> None:
    sign_off = SignOffMissesOneCancel()
    supervisor = Supervisor(QUICK, 1, "a quick process", sign_off)
    await supervisor.__aenter__()
    await asyncio.wait_for(sign_off.signing_off.wait(), 30)
    async with asyncio.timeout(30) as deadline:
        await supervisor.__aexit__(None, None, None)
    assert not deadline.expired(), "the supervisor never ended: its slot started another process"
    assert sign_off.missed
