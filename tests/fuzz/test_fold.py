"""The fold (`stream/fold.py`), fuzzed: random event streams, each event drawn against the room
as folded so far, the way the handlers and the worker write them (ids from small pools, so
they collide; unknown ones too), after a fresh, the scripted or the moderated workshop. After
every entry: nothing raises; each idea's theme is a theme of its round, or none; the room's
view shows no hidden or waiting idea, no name, no ballot; the state survives JSON. At the end:
folding the stream again, or its stored form, gives the same state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cocreatie.errors import NotFound, NothingToUndo
from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, RoundState
from cocreatie.models.workshop import Heading, Language, Moderation, Phase, Round, RoundKind, ScreenView
from cocreatie.rules.undo import undo_last
from cocreatie.rules.visibility import PRIVATE_IDEA_FIELDS, is_public, public_view
from cocreatie.rules.votes import results_revealed
from cocreatie.stream.fold import apply, fold
from tests.moderated_workshop import moderated
from tests.scripted_workshop import scripted

Entries = list[tuple[str, ev.Event]]
ROUNDS = ("r1", "r2", "r3")
PARTICIPANTS = ("p1", "p2", "b1", "q9")
TEXTS = ("Meer groen op het plein", "Groen fietspad naar school", "Eén loket", "loket op zaterdag", "spam spam")
"""Short texts sharing words, so that hiding one leaves words the others still hold."""
WORDS = ("groen", "fietspad", "loket", "spam", "school")
UNKNOWN_IDEA = "1-1"
STARTS: dict[str, Entries] = {
    "fresh": [("1795000000000-0", ev.WorkshopCreatedEvent(
        title="Fuzz", language=Language.nl, groups=["politiek", "burger"], join_code="K7PQ2M",
        created_at=1_795_000_000.0, rounds=[Round(id="r1", prompt="Waarom?", kind=RoundKind.free)]))],
    "scripted": scripted().events,
    "moderated": moderated(),
}
"""Where a stream starts (events are frozen: each example may fold the same ones)."""
MAX_STEPS = 25
FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None)


ROUND_IDS = st.sampled_from(ROUNDS)
PARTICIPANT = st.sampled_from(PARTICIPANTS)
TEXT = st.sampled_from(TEXTS)
WORD = st.sampled_from(WORDS)
Maker = Callable[[st.DrawFn, RoomState], ev.Event]
"""Draws one event against the room as it is."""


def _round(draw: st.DrawFn, state: RoomState) -> RoundState:
    return draw(st.sampled_from(state.rounds))


def _round_id(draw: st.DrawFn, state: RoomState) -> str:
    return draw(st.sampled_from(sorted({r.id for r in state.rounds} | {"r9"})))


def _idea_id(draw: st.DrawFn, state: RoomState) -> str:
    return draw(st.sampled_from([*state.ideas, UNKNOWN_IDEA]))


def _theme_id(draw: st.DrawFn, state: RoomState) -> str:
    return draw(st.sampled_from([t for r in state.rounds for t in r.themes] + ["t-none"]))


def _new_themes(round_state: RoundState) -> list[str]:
    """The round's themes and a few new ids of its own (a theme id names one round)."""
    return sorted({*round_state.themes, *(f"{round_state.id}-t{n}" for n in range(3))})


def _idea_moved(draw: st.DrawFn, state: RoomState) -> ev.Event:
    """Ideas of one round, into one of its themes or none, as the handler allows."""
    idea_id = _idea_id(draw, state)
    idea = state.ideas.get(idea_id)
    round_state = state.round(idea.round_id) if idea else None
    same_round = [i.id for i in state.ideas.values() if idea and i.round_id == idea.round_id]
    others = draw(st.lists(st.sampled_from(same_round or [UNKNOWN_IDEA]), max_size=3))
    theme_id = draw(st.sampled_from([None, *(round_state.themes if round_state else ())]))
    return ev.IdeaMoved(idea_id=idea_id, idea_ids=[idea_id, *others] if others else [], theme_id=theme_id)


def _themes_merged(draw: st.DrawFn, state: RoomState) -> ev.Event:
    pool = list(_round(draw, state).themes) or ["t-none", "t-other"]
    theme_ids = draw(st.lists(st.sampled_from(pool), min_size=2, max_size=3, unique=len(pool) > 2))
    return ev.ThemesMerged(theme_ids=theme_ids, into=draw(st.sampled_from(theme_ids)))


def _themes_updated(draw: st.DrawFn, state: RoomState) -> ev.Event:
    """The worker's answer: a new theme list that keeps every theme holding an idea the
    facilitator placed, and a new theme (or none) for each unplaced idea whose theme went;
    or, on the fast path, assignments to the themes as they are."""
    round_state = _round(draw, state)
    ideas = [i for i in state.ideas.values() if i.round_id == round_state.id]
    themes: list[ev.ThemeView] | None = None
    kept = set(round_state.themes)
    if draw(st.booleans()):
        placed = {i.theme_id for i in ideas if i.placed and i.theme_id is not None}
        kept = set(draw(st.lists(st.sampled_from(_new_themes(round_state)), max_size=3))) | placed
        themes = [ev.ThemeView(id=theme_id, label=draw(TEXT), keywords=draw(st.lists(WORD, max_size=3)),
                               representative=draw(st.none() | TEXT)) for theme_id in sorted(kept)]
    targets = st.sampled_from([None, *sorted(kept)])
    orphans = [i.id for i in ideas if i.theme_id is not None and i.theme_id not in kept]
    moved = draw(st.lists(st.sampled_from([i.id for i in ideas] or [UNKNOWN_IDEA]), max_size=3))
    assign = {idea_id: draw(targets) for idea_id in [*moved, *orphans]}
    return ev.ThemesUpdated(round_id=round_state.id, themes=themes, assign=assign, full=themes is not None)


def _workshop_edited(draw: st.DrawFn, state: RoomState) -> ev.Event:
    """A new set-up that keeps the rounds holding ideas and every group (one maybe renamed)."""
    needed = {i.round_id for i in state.ideas.values()}
    rounds = [Round(**r.model_dump(include=set(Round.model_fields)))
              for r in state.rounds if r.id in needed or draw(st.booleans())]
    rounds += [Round(id=round_id, prompt="Nieuw?", kind=RoundKind.vision)
               for round_id in draw(st.lists(ROUND_IDS, max_size=2, unique=True))
               if round_id not in {r.id for r in rounds}]
    renamed = {old: f"{old} 2" for old in draw(st.lists(st.sampled_from(state.groups), max_size=1))}
    return ev.WorkshopEdited(
        title="Fuzz bewerkt", language=draw(st.sampled_from(Language)), renamed_groups=renamed,
        groups=[renamed.get(group, group) for group in state.groups],
        rounds=draw(st.permutations(rounds)) or [Round(id="r1", prompt="Waarom?")],
    )


MAKERS: tuple[Maker, ...] = (
    lambda draw, state: ev.ParticipantJoined(
        participant_id=draw(PARTICIPANT), group=draw(st.sampled_from(state.groups)), name=draw(st.none() | TEXT)),
    lambda draw, state: ev.IdeaAdded(
        round_id=_round_id(draw, state), participant_id=draw(PARTICIPANT), client_id=draw(st.sampled_from("ab")),
        text=draw(TEXT), at=1.0, heading=_theme_id(draw, state) if draw(st.booleans()) else None),
    lambda draw, state: ev.IdeaHidden(idea_id=_idea_id(draw, state), hidden=draw(st.booleans())),
    lambda draw, state: ev.IdeaApproved(idea_id=_idea_id(draw, state)),
    lambda draw, state: ev.ModerationSet(round_id=_round_id(draw, state), mode=draw(st.sampled_from(Moderation))),
    lambda draw, state: ev.ScreenShown(round_id=_round_id(draw, state), view=draw(st.sampled_from(ScreenView))),
    lambda draw, state: ev.PhaseChanged(round_id=_round_id(draw, state), phase=draw(st.sampled_from(Phase))),
    lambda draw, state: ev.TimerStarted(
        round_id=_round_id(draw, state), seconds=draw(st.integers(0, 600)), ends_at=2.0),
    lambda draw, state: ev.ThemeRenamed(theme_id=_theme_id(draw, state), label=draw(TEXT)),
    lambda draw, state: ev.ThemeSplitRequested(theme_id=_theme_id(draw, state)),
    lambda draw, state: ev.ThemePinned(theme_id=_theme_id(draw, state), pinned=draw(st.booleans())),
    lambda draw, state: ev.ReclusterRequested(round_id=_round_id(draw, state)),
    lambda draw, state: ev.VoteCast(
        round_id=_round_id(draw, state), participant_id=draw(PARTICIPANT),
        dots={_theme_id(draw, state): draw(st.integers(0, 3)) for _ in range(draw(st.integers(0, 3)))}),
    lambda draw, state: ev.VotesRevealed(round_id=_round_id(draw, state), revealed=draw(st.booleans())),
    lambda draw, state: ev.RoundSeeded(
        round_id=_round_id(draw, state), source_round_id=_round_id(draw, state),
        headings=[Heading(theme_id=_theme_id(draw, state), label=draw(TEXT), prompt="Hoe?")
                  for _ in range(draw(st.integers(0, 2)))]),
    lambda draw, state: ev.UndoCleared(),
    lambda draw, state: ev.UnknownEvent(name="idea.starred"),
    _idea_moved, _themes_merged, _themes_updated, _workshop_edited,
)


def _undo(state: RoomState) -> tuple[Maker, ...]:
    """The undo the handler would write now; none when it would refuse (nothing to undo, or
    the command's round is gone)."""
    try:
        undone = undo_last(state)
    except (NothingToUndo, NotFound):
        return ()
    return (lambda draw, state: undone,)


@st.composite
def streams(draw: st.DrawFn) -> tuple[Entries, Entries]:
    """A start, and the random events that follow it."""
    start = STARTS[draw(st.sampled_from(sorted(STARTS)))]
    state, tail = fold("ws-fuzz", start), Entries()
    for step in range(draw(st.integers(1, MAX_STEPS))):
        event = draw(st.sampled_from(MAKERS + _undo(state)))(draw, state)
        event_id = f"{1_797_000_000_000 + step}-0"
        apply(state, event_id, event)
        tail.append((event_id, event))
    return start, tail


def check_themes(state: RoomState) -> None:
    for idea in state.ideas.values():
        round_state = state.round(idea.round_id)
        themes = round_state.themes if round_state else {}
        assert idea.theme_id is None or idea.theme_id in themes, f"{idea.id} in {idea.theme_id}, not in its round"


def check_public_view(state: RoomState) -> None:
    """Only public ideas, without author; a representative only if the room may see it; no
    automatic label that is the text of an idea the room may not see; no names, no ballots."""
    view: dict[str, Any] = public_view(state)
    assert "participants" not in view and "undo_log" not in view
    for round_state, round_view in zip(state.rounds, view["rounds"], strict=True):
        ideas = [i for i in state.ideas.values() if i.round_id == round_state.id]
        shown = {i.text for i in ideas if is_public(i, round_state)}
        withheld = {i.text for i in ideas if not is_public(i, round_state)} - shown
        assert "votes" not in round_view
        assert round_view["tally"] is None or results_revealed(round_state)
        for theme in round_view["themes"].values():
            assert theme["representative"] is None or theme["representative"] in shown
            assert theme["renamed"] or theme["label"] not in withheld
        for idea in ideas:
            assert (idea.id in view["ideas"]) == is_public(idea, round_state)
    assert not any(PRIVATE_IDEA_FIELDS & set(idea) for idea in view["ideas"].values())


def stored(entries: Entries) -> Entries:
    """The entries as the stream holds them (two fields) and reads them back."""
    return [(event_id, ev.parse_entry({"event": event.event, "data": event.data_json()}))
            for event_id, event in entries]


def theme_gone_before_undo() -> tuple[Entries, Entries]:
    """Found while writing this test: an idea moved out of a theme that the worker drops next
    (it is empty); undoing the move puts the idea back into the theme that is gone."""
    start = STARTS["fresh"]
    state, tail = fold("ws-fuzz", start), Entries()
    idea, first, second = "1797000000000-0", ev.ThemeView(id="r1-t0", label="a"), ev.ThemeView(id="r1-t1", label="b")
    events: tuple[ev.Event | None, ...] = (
        ev.IdeaAdded(round_id="r1", participant_id="p1", client_id="a", text=TEXTS[0], at=1.0),
        ev.ThemesUpdated(round_id="r1", themes=[first, second], assign={idea: first.id}, full=True),
        ev.IdeaMoved(idea_id=idea, theme_id=second.id),
        ev.ThemesUpdated(round_id="r1", themes=[second], full=True),
        None,  # the undo, as the handler writes it then
    )
    for event in events:
        entry: tuple[str, ev.Event] = (f"{1_797_000_000_000 + len(tail)}-0", event or undo_last(state))
        apply(state, *entry)
        tail.append(entry)
    return start, tail


@FUZZ
@example(stream=theme_gone_before_undo())
@given(stream=streams())
def test_any_stream_folds_to_a_state_that_keeps_the_rules(stream: tuple[Entries, Entries]) -> None:
    start, tail = stream
    state = fold("ws-fuzz", start)
    for event_id, event in tail:
        apply(state, event_id, event)
        check_themes(state)
        check_public_view(state)
        assert RoomState.model_validate_json(state.model_dump_json()) == state
    assert fold("ws-fuzz", start + tail) == state
    assert fold("ws-fuzz", stored(start + tail)) == state
