from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cocreatie.errors import InvalidMessage
from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Heading, Phase
from cocreatie.stream import keys
from cocreatie.stream.fold import fold
from cocreatie.stream.ids import stream_id_key
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import NewWorkshop, RedisEventStore
from cocreatie.tokens import same_token
from cocreatie.transfer.export import export
from cocreatie.transfer.export.json_state import load_state
from cocreatie.transfer.restore import events_for, restore
from tests.scripted_workshop import scripted, theme_id


def _folded(*events: ev.Event, first: ev.Event | None = None) -> RoomState:
    """The scripted workshop's first entry, then `events`; two ideas share a millisecond."""
    created = first or scripted().events[0][1]
    entries = [("1795000000000-0", created)]
    for number, event in enumerate(events):
        entries.append((f"1795000000{100 + number // 2:03d}-{number % 2}", event))
    return fold("ws-old", entries)


def _joined(pid: str, group: str) -> ev.ParticipantJoined:
    return ev.ParticipantJoined(participant_id=pid, group=group)


def _idea(client_id: str, round_id: str = "r1", pid: str = "p1") -> ev.IdeaAdded:
    return ev.IdeaAdded(round_id=round_id, participant_id=pid, client_id=client_id, text=client_id, at=1.5)


def _later_in_the_workshop() -> RoomState:
    """The scripted workshop, then a reveal, a seed, a split the worker answered, an unhide, a close."""
    script = scripted()
    cult = [script.idea_ids[key] for key in ("i12", "i13")]
    round_one = script.state.round("r1")
    assert round_one is not None
    views = [ev.ThemeView(id=t.id, label=t.label, keywords=t.keywords) for t in round_one.themes.values()]
    more = [
        ev.VotesRevealed(round_id="r1"),
        ev.RoundSeeded(round_id="r2", source_round_id="r1",
                       headings=[Heading(theme_id=theme_id("mob"), label="Mobiliteit", prompt="Hoe?")]),
        ev.ThemeSplitRequested(theme_id=theme_id("cult")),
        ev.ThemesUpdated(round_id="r1", themes=[*views, ev.ThemeView(id="t_new", label="jeugd")],
                         assign=dict.fromkeys(cult, "t_new"), placed=cult, full=True),
        ev.IdeaHidden(idea_id=script.idea_ids["i17"], hidden=False),
        ev.TimerStarted(round_id="r2", seconds=300, ends_at=1_795_009_000.0),
        ev.PhaseChanged(round_id="r2", phase=Phase.closed),
    ]
    start = len(script.events)
    return fold("ws-old", [*script.events, *((f"{1_795_000_000_000 + start + n}-0", e) for n, e in enumerate(more))])


def _with_statements() -> RoomState:
    """The scripted workshop, then statements added, one edited, reordered, answered, one
    removed, and a final text."""
    script = scripted()
    start = 1_795_000_000_000 + len(script.events)
    first, second, third = (f"{start + n}-0" for n in range(3))
    more = [
        ev.StatementAdded(round_id="r1", text="Een bus", theme_ids=[theme_id("mob")]),
        ev.StatementAdded(round_id="r1", text="Een zaal", theme_ids=[theme_id("cult")]),
        ev.StatementAdded(round_id="r1", text="Weg ermee"),
        ev.StatementEdited(round_id="r1", statement_id=first, text="Een bus naar elk dorp"),
        ev.StatementsOrdered(round_id="r1", statement_ids=[second, first]),
        ev.StatementAnswered(round_id="r1", statement_id=first, participant_id="p1", answer="agree"),
        ev.StatementAnswered(round_id="r1", statement_id=second, participant_id="p1", answer="pass"),
        ev.StatementAnswered(round_id="r1", statement_id=third, participant_id="p1", answer="disagree"),
        ev.StatementRemoved(round_id="r1", statement_id=third),
        ev.FinalTextSet(round_id="r1", sentences=[{"text": "Elk dorp bereikbaar.", "statement_ids": [first, second]}]),
    ]
    return fold("ws-old", [*script.events, *((f"{start + n}-0", e) for n, e in enumerate(more))])


STATES = {
    "with statements": _with_statements,
    "scripted": lambda: scripted().state,
    "later in the workshop": _later_in_the_workshop,
    "just created": lambda: _folded(),
    "first round closed": lambda: _folded(ev.PhaseChanged(round_id="r1", phase=Phase.closed)),
    "second round back to draft": lambda: _folded(
        ev.PhaseChanged(round_id="r2", phase=Phase.collect), ev.PhaseChanged(round_id="r2", phase=Phase.draft)
    ),
    "closed, then another round current": lambda: _folded(
        ev.PhaseChanged(round_id="r2", phase=Phase.collect), ev.PhaseChanged(round_id="r1", phase=Phase.closed)
    ),
    "a theme id in two rounds": lambda: _folded(
        _joined("p1", "politiek"), _idea("a"), _idea("b", "r2"),
        ev.ThemesUpdated(round_id="r2", themes=[ev.ThemeView(id="t", label="twee")], model="m"),
        ev.ThemeRenamed(theme_id="t", label="Twee"), ev.ThemePinned(theme_id="t", pinned=True),
        ev.ThemesUpdated(round_id="r1", themes=[ev.ThemeView(id="t", label="een")], assign={}),
        ev.IdeaMoved(idea_id="1795000000101-0", theme_id=None),
    ),
    "a model but no themes": lambda: _folded(ev.ThemesUpdated(round_id="r2", themes=[], model="m")),
}


@pytest.fixture(params=list(STATES))
def state(request: pytest.FixtureRequest) -> RoomState:
    return STATES[request.param]()


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisEventStore]:
    async with connect(redis_url) as client:
        yield RedisEventStore(client)


def _renamed(state: RoomState, workshop_id: str, join_code: str) -> RoomState:
    """The state as restored under a new id and code: with nothing to undo (the history of commands stays behind)."""
    return state.model_copy(update={"workshop_id": workshop_id, "join_code": join_code, "undo_log": []})


def _as_restored(state: RoomState, new: NewWorkshop) -> RoomState:
    return _renamed(state, new.workshop_id, new.join_code)


def test_the_events_fold_back_into_the_state(state: RoomState) -> None:
    entries = events_for(state, "NEWC0D")
    assert fold("ws-new", entries) == _renamed(state, "ws-new", "NEWC0D")


def test_ideas_keep_their_ids_and_the_ids_increase(state: RoomState) -> None:
    entries = events_for(state, "NEWC0D")
    stream_ids = [stream_id_key(entry_id) for entry_id, _ in entries]
    assert stream_ids == sorted(set(stream_ids))
    assert isinstance(entries[0][1], ev.WorkshopCreatedEvent)
    assert {entry_id for entry_id, event in entries if isinstance(event, ev.IdeaAdded)} == set(state.ideas)


def test_the_fold_ends_on_the_states_last_event_id() -> None:
    state = scripted().state
    assert events_for(state, "NEWC0D")[-1][0] == state.last_event_id


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"current_round_id": "r9"}, "current round"),
        ({"rounds": []}, "rounds with distinct ids"),
        ({"last_event_id": "yesterday"}, "not a stream id"),
    ],
)
def test_a_state_no_stream_folds_into_is_refused(change: dict[str, object], complaint: str) -> None:
    with pytest.raises(InvalidMessage, match=complaint):
        events_for(scripted().state.model_copy(update=change), "NEWC0D")


def test_an_idea_whose_group_its_participant_lacks_is_refused() -> None:
    state = scripted().state.model_copy(deep=True)
    next(iter(state.ideas.values())).group = "partner"
    with pytest.raises(InvalidMessage, match="group its participant does not have"):
        events_for(state, "NEWC0D")


async def test_a_restored_workshop_folds_back_from_redis(store: RedisEventStore, state: RoomState) -> None:
    new = await restore(store, state)
    assert fold(new.workshop_id, await store.read(new.workshop_id)) == _as_restored(state, new)
    assert new.created.join_code == new.join_code
    assert await store.workshop_for_code(new.join_code) == new.workshop_id
    assert same_token(new.facilitator_token, await store.secret(new.workshop_id, "facilitator"))
    phases = await store.redis.hgetall(keys.phases(new.workshop_id))
    assert phases == {r.id: r.phase.value for r in state.rounds}


async def test_a_restored_workshop_goes_on_where_it_stopped(store: RedisEventStore) -> None:
    script = scripted()
    new = await restore(store, script.state)
    first = script.state.ideas[script.idea_ids["i01"]]
    key = f"{first.participant_id}:{first.client_id}"
    again = ev.IdeaAdded(
        round_id="r1", participant_id=first.participant_id, client_id=first.client_id, text="x", at=2.0
    )
    assert await store.submit_idea(new.workshop_id, key, again) == (first.id, False)
    later = await store.append(new.workshop_id, ev.PhaseChanged(round_id="r2", phase=Phase.closed))
    assert stream_id_key(later) > stream_id_key(script.state.last_event_id)
    assert await store.redis.hget(keys.cursor(new.workshop_id), "last") == script.state.last_event_id


async def test_a_restored_workshop_expires_like_any_other(store: RedisEventStore) -> None:
    """Restored keys get the retention period, as a workshop's writes give it (they never expired before)."""
    new = await restore(store, scripted().state)
    restored = [key for key in keys.retained_keys(new.workshop_id) if await store.redis.exists(key)]
    ttls = [await store.redis.ttl(key) for key in restored]
    assert len(restored) >= 5 and all(0 < ttl <= store.retention_seconds for ttl in ttls)


async def test_two_restores_of_one_state_are_two_workshops(store: RedisEventStore) -> None:
    state = scripted().state
    first, second = await restore(store, state), await restore(store, state)
    assert first.workshop_id != second.workshop_id and first.join_code != second.join_code


@pytest.mark.parametrize("everything", [True, False], ids=["with hidden ideas and names", "as exported by default"])
async def test_the_json_export_restores_to_the_same_state(
    store: RedisEventStore, redis_url: str, tmp_path: Path, everything: bool
) -> None:
    state = _later_in_the_workshop()
    path = tmp_path / "workshop.json"
    path.write_bytes(export(state, "json", include_hidden=everything, include_names=everything))
    new = await restore(store, load_state(path.read_bytes()))
    back = fold(new.workshop_id, await store.read(new.workshop_id))
    assert back == _as_restored(load_state(path.read_bytes()), new)
    if everything:
        assert back == _as_restored(state, new)
    else:
        assert back.ideas.keys() == {i.id for i in state.ideas.values() if not i.hidden}
        assert all(p.name is None for p in back.participants.values())
