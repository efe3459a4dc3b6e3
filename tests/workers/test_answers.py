"""Every new idea is answered when the worker decides: a theme, or null ("not yet in a
theme"); the ideas left unsorted are sorted a moment later, without a re-clustering, and
nothing shown moves."""

from __future__ import annotations

import asyncio
import time

import pytest

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.store import EventStore
from tests.clients import create_workshop
from tests.workers.ideas import TOPICS
from workers.embed import Embedder
from workers.room_lock import RoomLock
from workers.room_worker import FIRST_THEMES_AFTER, SORT_AFTER_SECONDS, RoomWorker
from workers.vectors import VectorStore

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)


async def _post(store: EventStore, room: str, texts: list[str]) -> list[str]:
    return [
        await store.append(room, ev.IdeaAdded(
            round_id="r1", participant_id=f"p{n}", client_id=f"c{n}-{text}", text=text, at=time.time()
        ))
        for n, text in enumerate(texts)
    ]


async def _updates(store: EventStore, room: str, after: str) -> list[ev.ThemesUpdated]:
    return [event for _, event in await store.read(room, after=after) if isinstance(event, ev.ThemesUpdated)]


async def _sorted_by_the_clock(worker: RoomWorker) -> None:
    await asyncio.sleep(SORT_AFTER_SECONDS)
    await worker.run_due()


async def test_new_ideas_are_answered_and_sorted_without_moving_the_board(
    web: str, redis_url: str, embedder: Embedder
) -> None:
    room = create_workshop(web).workshop_id
    async with connect(redis_url) as client, connect(redis_url, binary=True) as binary:
        store = RedisEventStore(client)
        await store.append(room, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
        worker = RoomWorker(RedisEventStore(client, 3600), RoomLock(client), VectorStore(binary), embedder)
        first = await _post(store, room, [TOPICS[t][n] for n in range(8) for t in ("bikes", "taxes", "trees")])
        assert len(first) > FIRST_THEMES_AFTER
        await worker.handle_room(room)
        told = await _updates(store, room, "0-0")
        assert told[-1].assign == dict.fromkeys(first), "a new round has no theme yet: each idea is told so"
        await worker.run_due()  # the round's first themes: 24 ideas wait, more than FIRST_THEMES_AFTER
        state = fold(room, await store.read(room))
        board = {i: idea.theme_id for i, idea in state.ideas.items()}
        assert sum(theme is not None for theme in board.values()) >= 20 and len(state.rounds[0].themes) >= 3
        mark = state.last_event_id
        later = await _post(store, room, [TOPICS["counter"][n] for n in range(5)])
        await worker.handle_room(room)
        assert set((await _updates(store, room, mark))[-1].assign) == set(later)  # answered, theme or null
        await _sorted_by_the_clock(worker)
        state = fold(room, await store.read(room))
        assert {i: state.ideas[i].theme_id for i in board} == board  # nothing shown moved
        themes = [state.ideas[i].theme_id for i in later]
        new = [theme for theme in themes if theme is not None and theme not in board.values()]
        assert len(new) >= 3 and len(set(new)) == 1, ("most counter ideas form a theme of their own", themes, board)
