"""Editing a workshop's set-up from the board: title, language, stakeholder groups, rounds.

What people already did is kept safe: a group someone joined is not removed (support per
group depends on it), a round that has ideas is not removed, nor given fewer dots.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from cocreatie.errors import NotAllowed, NotFound
from cocreatie.models import events as ev
from cocreatie.models import messages as msg
from cocreatie.models.state import RoomState, RoundState
from cocreatie.models.workshop import Round


def edit_workshop(state: RoomState, edit: msg.WorkshopEdit) -> ev.WorkshopEdited:
    """The `workshop.edited` event for an edit, or a ClientError saying what it would break."""
    groups, renamed = _groups(state, edit.groups) if edit.groups is not None else (list(state.groups), {})
    rounds = _rounds(state, edit.rounds) if edit.rounds is not None else [_as_round(r) for r in state.rounds]
    return ev.WorkshopEdited(
        title=edit.title or state.title, language=edit.language or state.language,
        groups=groups, renamed_groups=renamed, rounds=rounds,
    )


def _groups(state: RoomState, edits: list[msg.GroupEdit]) -> tuple[list[str], dict[str, str]]:
    names = [group.name for group in edits]
    if len(set(names)) != len(names):
        raise NotAllowed("stakeholder groups must be distinct")
    for group in edits:
        if group.was is not None and group.was not in state.groups:
            raise NotFound(f"no stakeholder group {group.was!r} to rename")
    kept = {group.was or group.name for group in edits}
    joined = Counter(participant.group for participant in state.participants.values())
    for name in state.groups:
        if name not in kept and joined[name]:
            raise NotAllowed(f"the group {name!r} cannot be removed: {joined[name]} participant(s) joined it")
    renamed = {group.was: group.name for group in edits if group.was is not None and group.was != group.name}
    return names, renamed


def _rounds(state: RoomState, edits: list[msg.RoundEdit]) -> list[Round]:
    ids = [edit.id for edit in edits if edit.id is not None]
    if len(set(ids)) != len(ids):
        raise NotAllowed("a round may appear only once")
    ideas = Counter(idea.round_id for idea in state.ideas.values())
    for round_state in state.rounds:
        if round_state.id not in ids and ideas[round_state.id]:
            raise NotAllowed(f"the round {round_state.prompt!r} has ideas: it cannot be removed")
    fresh = _fresh_ids(state, sum(1 for edit in edits if edit.id is None))
    rounds = []
    for edit in edits:
        spec = edit.model_dump(exclude={"id"})
        if edit.id is None:
            rounds.append(Round(id=next(fresh), **spec))
            continue
        old = state.require_round(edit.id)
        if ideas[old.id] and edit.dots < old.dots:
            raise NotAllowed(f"the round {old.prompt!r} has ideas: its dots cannot go down from {old.dots}")
        rounds.append(Round(id=old.id, **spec))
    return rounds


def _fresh_ids(state: RoomState, count: int) -> Iterator[str]:
    taken = {r.id for r in state.rounds}
    found = (f"r{n}" for n in range(1, len(taken) + count + 2) if f"r{n}" not in taken)
    return iter([next(found) for _ in range(count)])


def _as_round(round_state: RoundState) -> Round:
    return Round(**round_state.model_dump(include=set(Round.model_fields)))
