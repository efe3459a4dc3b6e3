"""An idle handler for consumer tests that have no re-clustering to do."""

from __future__ import annotations

import asyncio


async def no_idle_work(final: bool, stop: asyncio.Event) -> None:
    return None
