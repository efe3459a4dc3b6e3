"""The room sees only what the facilitator lets through (DESIGN §7): frame by frame and in
every snapshot, for a workshop with pre-moderation, silent writing, a hide and undo."""

from __future__ import annotations

import json

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.rooms.audience import Audience, render_event
from cocreatie.rules.visibility import public_view
from cocreatie.stream.fold import apply
from tests.moderated_workshop import HIDDEN_TEXT, WAITING_TEXT, moderated


def _room_sees() -> list[tuple[ev.Event, str, str]]:
    """Per entry: the event, the room's frame of it and the room's snapshot right after it."""
    state, seen = RoomState(workshop_id="ws-2"), []
    for event_id, event in moderated():
        apply(state, event_id, event)
        frame = render_event(event_id, event, Audience.public, state)
        seen.append((event, frame, json.dumps(public_view(state), ensure_ascii=False)))
    return seen


def test_an_idea_waiting_for_approval_never_reaches_the_room() -> None:
    for event, frame, snapshot in _room_sees():
        assert WAITING_TEXT not in frame, event.event
        assert WAITING_TEXT not in snapshot, event.event


def test_silent_writing_sends_no_idea_text_until_the_screen_shows_ideas() -> None:
    for event, frame, snapshot in _room_sees():
        if isinstance(event, ev.ScreenShown):
            break
        assert "Zwembad" not in frame and "zwembad" not in frame
        assert '"ideas":{}' in snapshot.replace(" ", "")


def test_a_hidden_idea_leaves_no_word_behind_not_even_in_a_label() -> None:
    seen = _room_sees()
    hidden_at = next(n for n, (event, _, _) in enumerate(seen) if isinstance(event, ev.IdeaHidden))
    for event, frame, snapshot in seen[hidden_at:]:
        for text in (frame, snapshot):
            assert HIDDEN_TEXT not in text, event.event
            assert "alert" not in text, event.event  # its own word, once a keyword and in the label


def test_the_board_sees_the_waiting_idea_and_what_undo_would_reverse() -> None:
    state = RoomState(workshop_id="ws-2")
    for event_id, event in moderated():
        apply(state, event_id, event)
    waiting = [idea for idea in state.ideas.values() if idea.waiting]
    assert [idea.text for idea in waiting] == [WAITING_TEXT]
    assert [record.command for record in state.undo_log] == ["idea.approved"] * 5 + ["idea.hidden", "theme.renamed"]
