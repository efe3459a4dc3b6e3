"""Where the workers put each idea over the run, as one board heard it: every `themes.updated`
`assign` in order, so the bench knows an idea's first answer, its first theme, the theme it was
in at any moment and whether it ends the run in a theme.

A fast-path answer maps a new idea to a theme or to None ("not yet in a theme"); a full
re-clustering's `assign` carries only changes, so None there means "moved to unassigned" and an
idea it does not name stays where it was."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

Step = tuple[float, str | None]
"""(when the board heard it, the theme id or None for unassigned)."""


@dataclass
class Assignments:
    """Per idea, its assignments in the order they arrived."""

    history: dict[str, list[Step]] = field(default_factory=dict)

    def record(self, stamp: float, assign: Mapping[str, str | None]) -> None:
        for idea_id, theme_id in assign.items():
            self.history.setdefault(idea_id, []).append((stamp, theme_id))

    def answered_at(self, idea_id: str) -> float | None:
        """When the workers first named the idea, with a theme or as unassigned."""
        steps = self.history.get(idea_id)
        return steps[0][0] if steps else None

    def themed_at(self, idea_id: str) -> float | None:
        """When the idea was first in a theme."""
        return next((stamp for stamp, theme in self.history.get(idea_id, ()) if theme is not None), None)

    def theme_at(self, idea_id: str, moment: float) -> str | None:
        """The idea's theme at `moment`: its last assignment up to then; None before any."""
        steps = self.history.get(idea_id, [])
        heard = bisect_right([stamp for stamp, _ in steps], moment)
        return steps[heard - 1][1] if heard else None

    def ends_in_theme(self, idea_id: str) -> bool:
        steps = self.history.get(idea_id, [])
        return bool(steps) and steps[-1][1] is not None


def unassigned_share(assignments: Assignments, submitted: Mapping[str, float], delay: float) -> float | None:
    """The share of ideas (idea id -> submit time) not in a theme `delay` seconds after their
    submission, answered or not; None for no ideas."""
    if not submitted:
        return None
    waiting = sum(1 for idea_id, sent in submitted.items() if assignments.theme_at(idea_id, sent + delay) is None)
    return waiting / len(submitted)
