"""What the load saw, timestamped on one clock (time.monotonic, shared by all processes
on Linux), and the latencies joined from it afterwards."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from benchmarks.bench.assignments import Assignments, unassigned_share

UNASSIGNED_AFTER = (1.5, 5.0)
"""Seconds after submission at which the share of ideas not yet in a theme is printed."""


def now() -> float:
    return time.monotonic()


@dataclass
class Seen:
    """How many sockets received one event, and when the last of them did."""

    count: int = 0
    last: float = 0.0


@dataclass
class Timings:
    """Sends, acks, arrivals and theme assignments, keyed by client id or event id."""

    submitted: dict[str, tuple[float, int]] = field(default_factory=dict)
    accepted: dict[str, tuple[float, str]] = field(default_factory=dict)
    seen: dict[str, Seen] = field(default_factory=dict)
    assignments: Assignments = field(default_factory=Assignments)
    errors: Counter[str] = field(default_factory=Counter)
    frame_sizes: dict[str, int] = field(default_factory=dict)
    """Event id -> size of the first frame that carried it."""
    fulls: list[float] = field(default_factory=list)
    last_full: dict[int, float] = field(default_factory=dict)
    last_assign: float = 0.0
    """When the last themes.updated with assignments arrived."""

    def submit(self, client_id: str, room: int) -> None:
        self.submitted[client_id] = (now(), room)

    def accept(self, client_id: str, event_id: str) -> None:
        self.accepted.setdefault(client_id, (now(), event_id))

    def arrive(self, event_id: str, size: Callable[[], int]) -> None:
        seen = self.seen.get(event_id)
        if seen is None:
            seen = self.seen[event_id] = Seen()
            self.frame_sizes[event_id] = size()
        seen.count += 1
        seen.last = now()

    def assign(self, room: int, assignments: dict[str, str | None], full: bool) -> None:
        """A themes.updated event as one socket of the room (its board) heard it."""
        stamp = now()
        if full:
            self.fulls.append(stamp)
            self.last_full[room] = stamp
        if assignments:
            self.last_assign = stamp
        self.assignments.record(stamp, assignments)

    def delivered(self, sockets_per_room: Sequence[int] | Mapping[int, int]) -> bool:
        """Every idea sent is acked (or refused), and every acked idea reached as many
        sockets as its room has (`sockets_per_room[room]`)."""
        if len(self.accepted) < len(self.submitted) - sum(self.errors.values()):
            return False
        for client_id, (_, event_id) in self.accepted.items():
            seen = self.seen.get(event_id)
            if seen is None or seen.count < sockets_per_room[self.submitted[client_id][1]]:
                return False
        return True

    def error(self, code: str) -> None:
        self.errors[code] += 1

    def merge(self, other: Timings) -> None:
        """Add what another client process saw of the same rooms: its sends and acks, its
        sockets' arrivals (counts add up, the last arrival is the later one), its errors."""
        self.submitted.update(other.submitted)
        self.accepted.update(other.accepted)
        for event_id, theirs in other.seen.items():
            mine = self.seen.setdefault(event_id, Seen())
            mine.count += theirs.count
            mine.last = max(mine.last, theirs.last)
        self.errors.update(other.errors)


@dataclass(frozen=True)
class Latencies:
    """Seconds per idea for each path, plus the ideas that never completed it."""

    accepted: list[float]
    seen_everywhere: list[float]
    answered: list[float]
    themed: list[float]
    """First theme of the ideas that end the run in a theme."""
    not_accepted: int
    not_seen_everywhere: int
    never_answered: int
    unassigned: dict[float, float | None]
    """Seconds after submission -> share of accepted ideas not in a theme then."""
    end_unassigned: int


def latencies(timings: Timings, sockets_per_room: list[int], measure_themes: bool) -> Latencies:
    accepted, everywhere = [], []
    missing_ack = missing_seen = 0
    sent_ideas: dict[str, float] = {}
    for client_id, (sent, room) in timings.submitted.items():
        ack = timings.accepted.get(client_id)
        if ack is None:
            missing_ack += 1
            continue
        acked_at, event_id = ack
        accepted.append(acked_at - sent)
        sent_ideas[event_id] = sent
        seen = timings.seen.get(event_id)
        if seen is not None and seen.count >= sockets_per_room[room]:
            everywhere.append(seen.last - sent)
        else:
            missing_seen += 1
    answered, themed = _theme_paths(timings.assignments, sent_ideas)
    return Latencies(
        accepted, everywhere, answered, themed, missing_ack, missing_seen,
        never_answered=len(sent_ideas) - len(answered) if measure_themes else 0,
        unassigned={delay: unassigned_share(timings.assignments, sent_ideas, delay) if measure_themes else None
                    for delay in UNASSIGNED_AFTER},
        end_unassigned=len(sent_ideas) - len(themed),
    )


def _theme_paths(assignments: Assignments, sent_ideas: Mapping[str, float]) -> tuple[list[float], list[float]]:
    """submit -> first answer, and submit -> first theme over the ideas that end in a theme."""
    answered, themed = [], []
    for idea_id, sent in sent_ideas.items():
        answer = assignments.answered_at(idea_id)
        if answer is not None:
            answered.append(answer - sent)
        theme = assignments.themed_at(idea_id)
        if theme is not None and assignments.ends_in_theme(idea_id):
            themed.append(theme - sent)
    return answered, themed


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]
