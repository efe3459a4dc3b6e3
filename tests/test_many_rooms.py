"""One web process serves hundreds of rooms without a Redis connection per room (DESIGN.md §9):
its rooms hear of news over one pub/sub connection (one per cluster node) and read without
blocking, so 500 open projector screens leave joins, ideas and /healthz answering."""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psutil
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.clients import (
    BEHIND_PROXY,
    ROUNDS,
    Workshop,
    fresh_address,
    is_event,
    open_board,
    post_idea,
    receive,
    receive_until,
    send,
    set_phase,
)
from tests.processes import ORGANISER, web_process

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(300)]

ROOMS = 500
AT_ONCE = 10
"""Screens opened at a time: the pool keeps what a burst opened, so a burst this size keeps it small."""
CREATE_AT_ONCE = 50
MOST_CONNECTIONS = ROOMS // 5
"""Far below one per room (measured: about 23 on one server, 39 over a cluster's three masters;
on a machine busy with other work the pool keeps what slower bursts opened, up to its 64:
66 once)."""


async def create_workshops(base: str, count: int) -> list[Workshop]:
    """`count` workshops, created over the shared web process, CREATE_AT_ONCE at a time."""
    limit = asyncio.Semaphore(CREATE_AT_ONCE)
    async with httpx.AsyncClient(timeout=30) as http:

        async def one() -> Workshop:
            async with limit:
                answer = await http.post(f"{base}/api/workshops", json={"title": "Veel", "rounds": ROUNDS},
                                         headers=ORGANISER)
            answer.raise_for_status()
            data = answer.json()
            return Workshop(base, data["workshop_id"], data["join_code"], data["facilitator_token"])

        return list(await asyncio.gather(*(one() for _ in range(count))))


async def open_screens(stack: AsyncExitStack, workshops: list[Workshop], address: str) -> list[ClientConnection]:
    """A projector screen in each workshop, welcomed, AT_ONCE opening at a time."""
    limit = asyncio.Semaphore(AT_ONCE)

    async def one(workshop: Workshop) -> ClientConnection:
        async with limit:
            url = workshop.ws(f"/ws/screen/{workshop.join_code}")
            screen = await stack.enter_async_context(connect(url, additional_headers={"X-Forwarded-For": address}))
            await send(screen, type="hello")
            assert (await receive(screen, timeout=30))["type"] == "welcome"
            return screen

    return list(await asyncio.gather(*(one(workshop) for workshop in workshops)))


def redis_connections(base: str) -> int:
    """An upper bound of the Redis connections the web process at `base` holds: its outgoing TCP
    connections and every unix socket it has (the embedded Redis's, and asyncio's own pair)."""
    port = urlsplit(base).port
    process = next(
        child for child in psutil.Process().children(recursive=True)
        if any(c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in child.net_connections("tcp"))
    )
    outgoing = [c for c in process.net_connections("inet") if c.raddr and c.laddr.port != port]
    return len(outgoing) + len(process.net_connections("unix"))


async def healthy_meanwhile(base: str, done: asyncio.Event) -> list[dict[str, object]]:
    """/healthz asked every 0.2 s until `done`, and once more: each answer must say Redis
    answers (without a live worker it is 503, see tests/edges/test_health.py). The answers."""
    answers: list[dict[str, object]] = []
    async with httpx.AsyncClient(timeout=5) as http:
        while True:
            answer = await http.get(f"{base}/healthz")
            assert answer.status_code in (200, 503) and answer.json()["redis"] is True, answer.text
            answers.append(answer.json())
            if done.is_set():
                return answers
            await asyncio.sleep(0.2)


async def test_five_hundred_rooms_share_a_few_redis_connections(
    redis_url: str, web: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    address = fresh_address()
    workshops = await create_workshops(web, ROOMS)
    with web_process(redis_url, tmp_path / "lone.log", env=BEHIND_PROXY) as lone:
        here = [replace(workshop, base=lone) for workshop in workshops]
        done = asyncio.Event()
        checking = asyncio.create_task(healthy_meanwhile(lone, done))
        screens = await open_screens(stack, here, address)
        held = redis_connections(lone)

        board, _ = await open_board(stack, here[7])
        await set_phase(board, "collect")
        phone = await stack.enter_async_context(
            connect(here[7].ws(f"/ws/join/{here[7].join_code}"), additional_headers={"X-Forwarded-For": address})
        )
        await send(phone, type="hello", group="burger")
        assert (await receive(phone))["type"] == "welcome"
        event_id = await post_idea(phone, "c1", "Eén idee tussen vijfhonderd zalen")
        shown = (await receive_until(screens[7], is_event("idea.added")))[-1]
        done.set()
        answers = await checking

    print(f"\n{ROOMS} rooms open, {held} Redis connections at most ({redis_url}); {len(answers)} health checks")
    assert shown["id"] == event_id, json.dumps(shown)
    assert int(str(answers[-1]["sockets"])) >= ROOMS
    assert held < MOST_CONNECTIONS
