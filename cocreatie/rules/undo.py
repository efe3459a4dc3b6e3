"""Undo: the facilitator's latest command not yet undone, reversed by an event that names it.

The fold remembers, for each undoable command, what it changed as it was before
(`RoomState.undo_log`); `undo_last` turns the newest such record into a `command.undone`
event that carries those values, so every reader applies the same reversal.
"""

from __future__ import annotations

from cocreatie.errors import NothingToUndo
from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, Theme, UndoRecord


def undo_last(state: RoomState) -> ev.CommandUndone:
    """The event that reverses the latest undoable command, or NothingToUndo."""
    records = state.undo_log
    if not records:
        raise NothingToUndo("there is nothing left to undo")
    record = records[-1]
    themes = dict(record.themes)
    if record.command == "theme.split":
        themes |= _split_offspring(state, record)
    return ev.CommandUndone(
        undone=record.event_id, command=record.command, round_id=record.round_id,
        ideas=record.ideas, themes=themes, order=record.order,
    )


def _split_offspring(state: RoomState, record: UndoRecord) -> dict[str, Theme | None]:
    """The themes the worker made of a split theme since: they go, their ideas return."""
    round_state = state.require_round(record.round_id)
    members: dict[str, set[str]] = {}
    for idea in state.ideas.values():
        if idea.theme_id is not None:
            members.setdefault(idea.theme_id, set()).add(idea.id)
    returning = set(record.ideas)
    return {
        theme_id: None for theme_id in round_state.themes
        if theme_id not in record.order and members.get(theme_id, set()) <= returning
    }
