"""What a room's new events ask of the clustering worker, per round.

Only new ideas (debounced, `recluster_soon`), a `recluster` the facilitator asks for and
the phase `cluster` re-cluster. The facilitator's other commands never reshuffle by
themselves: a move, hide, merge, approval or undo changes who is in a theme or what may be
read, so the round is only described anew (`describe`); a rename or pin changes nothing
the worker computes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, RoundState
from cocreatie.models.workshop import Phase


@dataclass
class RoundWork:
    new_ideas: list[str] = field(default_factory=list)
    splits: list[str] = field(default_factory=list)
    asked: bool = False
    """The facilitator asked for a re-clustering: no churn cap, touched themes not held."""
    themes: int | None = None
    """The number of themes asked for; None: found."""
    due: bool = False
    """An automatic (debounced) re-clustering is due: capped, touched themes held."""
    sort: bool = False
    """Waiting ideas are to be sorted (`workers.sorting`): nothing shown moves."""
    recluster_soon: bool = False
    describe: bool = False


def plan(state: RoomState, entries: list[tuple[str, ev.Event]]) -> dict[str, RoundWork]:
    """Round id -> the work the entries ask for (rounds with nothing to do are absent)."""
    work: dict[str, RoundWork] = {}
    for entry_id, event in entries:
        round_id = _round_of(state, entry_id, event)
        if round_id is None:
            continue
        todo = work.setdefault(round_id, RoundWork())
        if isinstance(event, ev.IdeaAdded):
            todo.new_ideas.append(entry_id)
            todo.recluster_soon = True
        elif isinstance(event, ev.ThemeSplitRequested):
            todo.splits.append(event.theme_id)
        elif isinstance(event, ev.ReclusterRequested):
            todo.asked, todo.themes = True, event.themes
        elif isinstance(event, ev.PhaseChanged):
            todo.asked, todo.themes = True, None
        else:
            todo.describe = True
    return work


def _round_of(state: RoomState, entry_id: str, event: ev.Event) -> str | None:
    match event:
        case ev.IdeaAdded(round_id=round_id) | ev.ReclusterRequested(round_id=round_id):
            return round_id
        case ev.PhaseChanged(round_id=round_id, phase=Phase.cluster):
            return round_id
        case ev.CommandUndone(round_id=round_id):
            return round_id
        case ev.ThemeSplitRequested(theme_id=theme_id) | ev.ThemesMerged(into=theme_id):
            return _id(state.round_of_theme(theme_id))
        case ev.IdeaMoved(idea_id=idea_id) | ev.IdeaHidden(idea_id=idea_id) | ev.IdeaApproved(idea_id=idea_id):
            idea = state.ideas.get(idea_id)
            return idea.round_id if idea else None
    return None


def _id(round_state: RoundState | None) -> str | None:
    return round_state.id if round_state else None
