"""A calm board through the real worker path: RoomWorker against a real Redis, ideas in
batches, a facilitator who renames, moves, hides, asks for a number of themes."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Moderation, Phase, Round
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.store import NewWorkshop
from cocreatie.tokens import new_id, new_token
from tests.workers.ideas import texts
from workers.embed import Embedder
from workers.label import words
from workers.room_lock import RoomLock
from workers.room_worker import RoomWorker
from workers.vectors import VectorStore

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)


@dataclass
class Room:
    """One workshop with one round in `collect`, and a worker for it."""

    id: str
    store: RedisEventStore
    worker: RoomWorker

    async def post(self, ideas: list[str], heading: str | None = None) -> list[str]:
        """Ideas as phones post them, then the worker's pass over them (fast path only)."""
        found = [
            await self.store.append(self.id, ev.IdeaAdded(
                round_id="r1", participant_id="p1", client_id=new_id("c"), text=text, at=time.time(), heading=heading,
            ))
            for text in ideas
        ]
        await self.worker.handle_room(self.id)
        return found

    async def command(self, *events: ev.Event) -> None:
        for event in events:
            await self.store.append(self.id, event)
        await self.worker.handle_room(self.id)

    async def quiet(self) -> None:
        """The room fell quiet: the debounced (automatic) re-clustering runs."""
        await self.worker.run_due(everything=True)

    async def state(self) -> RoomState:
        return fold(self.id, await self.store.read(self.id))

    async def updates(self, after: str = "0-0") -> list[ev.ThemesUpdated]:
        return [e for _, e in await self.store.read(self.id, after=after) if isinstance(e, ev.ThemesUpdated)]

    async def tail(self) -> str:
        return (await self.store.read(self.id))[-1][0]


@pytest.fixture
async def room(redis_url: str, embedder: Embedder) -> AsyncIterator[Room]:
    async with connect(redis_url) as client, connect(redis_url, binary=True) as binary:
        store = RedisEventStore(client, 3600)
        workshop_id = new_id("w")
        created = ev.WorkshopCreatedEvent(
            title="Calm", language="nl", groups=["burger"], join_code=await store.claim_join_code(workshop_id),
            rounds=[Round(id="r1", prompt="Wat moet beter in onze gemeente?")], created_at=time.time(),
        )
        await store.create_workshop(NewWorkshop(workshop_id, created.join_code, new_token(), created))
        await store.append(workshop_id, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
        yield Room(workshop_id, store, RoomWorker(store, RoomLock(client), VectorStore(binary), embedder))


def _members(state: RoomState) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for idea in state.ideas.values():
        if idea.theme_id is not None:
            found.setdefault(idea.theme_id, set()).add(idea.id)
    return found


async def _sorted_board(room: Room) -> RoomState:
    await room.post(texts(6))
    await room.quiet()
    state = await room.state()
    assert len(state.rounds[0].themes) >= 3
    return state


async def test_a_touched_theme_keeps_its_members_while_30_ideas_arrive(room: Room) -> None:
    state = await _sorted_board(room)
    theme_id, members = max(_members(state).items(), key=lambda item: len(item[1]))
    other = next(i for i in state.ideas.values() if i.theme_id not in (None, theme_id))
    await room.command(ev.ThemeRenamed(theme_id=theme_id, label="Onze naam"),
                       ev.IdeaMoved(idea_id=other.id, theme_id=theme_id))
    since = await room.tail()
    for start in (6, 9, 12):  # 3 batches, 30 ideas, a re-clustering after each
        await room.post(texts(3, start)[:10])
        await room.quiet()
    assert sum(1 for update in await room.updates(since) if update.full) >= 2
    after = await room.state()
    assert _members(after)[theme_id] >= members | {other.id}
    assert after.rounds[0].themes[theme_id].label == "Onze naam"


async def test_a_move_hide_or_rename_reshuffles_nothing_else(room: Room) -> None:
    state = await _sorted_board(room)
    before = {idea.id: idea.theme_id for idea in state.ideas.values()}
    first, second, *_ = state.rounds[0].themes
    moved = next(i for i in state.ideas.values() if i.theme_id == first)
    hidden = next(i for i in state.ideas.values() if i.theme_id == second)
    since = await room.tail()
    await room.command(
        ev.IdeaMoved(idea_id=moved.id, theme_id=second), ev.IdeaHidden(idea_id=hidden.id),
        ev.ThemeRenamed(theme_id=first, label="Eerste"),
    )
    updates = await room.updates(since)
    assert updates and not any(update.full or update.assign for update in updates)
    after = await room.state()
    assert {i: idea.theme_id for i, idea in after.ideas.items()} == before | {moved.id: second}
    assert all(theme.representative != hidden.text for theme in after.rounds[0].themes.values())


async def test_nothing_moves_in_a_round_that_votes(room: Room) -> None:
    await _sorted_board(room)
    await room.post(texts(2, 6))  # a re-clustering is due
    since = await room.tail()
    state = await room.state()
    theme_id = next(iter(state.rounds[0].themes))
    await room.command(ev.PhaseChanged(round_id="r1", phase=Phase.vote), ev.ReclusterRequested(round_id="r1"),
                       ev.ThemeSplitRequested(theme_id=theme_id))
    await room.post(texts(1, 8))
    await room.quiet()
    assert await room.updates(since) == []


@pytest.mark.parametrize("themes", [2, 5])
async def test_recluster_with_a_number_of_themes_gives_that_number(room: Room, themes: int) -> None:
    await _sorted_board(room)
    await room.command(ev.ReclusterRequested(round_id="r1", themes=themes))
    assert len((await room.state()).rounds[0].themes) == themes


async def test_waiting_ideas_are_placed_but_give_no_word_until_approved(room: Room) -> None:
    await _sorted_board(room)
    await room.command(ev.ModerationSet(round_id="r1", mode=Moderation.pre))
    pool = await room.post(["een zwembad in de gemeente", "een overdekt zwembad", "het zwembad langer open",
                            "zwemlessen in het zwembad", "een buitenzwembad voor de zomer"])
    await room.quiet()
    state = await room.state()
    assert all(state.ideas[i].waiting for i in pool)
    pool_themes = {found for i in pool if (found := state.ideas[i].theme_id) is not None}
    assert pool_themes  # the board sees them sorted
    for theme in state.rounds[0].themes.values():
        assert not {w for text in (theme.label, *theme.keywords) for w in words(text)} & {"zwembad", "zwemlessen"}
        assert theme.representative not in {state.ideas[i].text for i in pool}
        if _members(state).get(theme.id, set()) <= set(pool):
            assert theme.label == "" and theme.representative is None
    await room.command(*(ev.IdeaApproved(idea_id=i) for i in pool))
    approved = await room.state()
    labels = " ".join(" ".join(approved.rounds[0].themes[t].keywords) for t in pool_themes)
    assert "zwembad" in labels
