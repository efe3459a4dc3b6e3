"""What the load saw, timestamped on one clock (time.monotonic, shared by all processes
on Linux), and the latencies joined from it afterwards."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field


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
    themed: dict[str, float] = field(default_factory=dict)
    answered: dict[str, float] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    frame_sizes: list[int] = field(default_factory=list)
    fulls: list[float] = field(default_factory=list)
    last_full: dict[int, float] = field(default_factory=dict)

    def submit(self, client_id: str, room: int) -> None:
        self.submitted[client_id] = (now(), room)

    def accept(self, client_id: str, event_id: str) -> None:
        self.accepted.setdefault(client_id, (now(), event_id))

    def arrive(self, event_id: str, size: int) -> None:
        seen = self.seen.get(event_id)
        if seen is None:
            seen = self.seen[event_id] = Seen()
            self.frame_sizes.append(size)
        seen.count += 1
        seen.last = now()

    def assign(self, room: int, assignments: dict[str, str | None], full: bool) -> None:
        """A themes.updated event: the first answer for an idea, and the first real theme."""
        stamp = now()
        if full:
            self.fulls.append(stamp)
            self.last_full[room] = stamp
        for idea_id, theme_id in assignments.items():
            self.answered.setdefault(idea_id, stamp)
            if theme_id is not None:
                self.themed.setdefault(idea_id, stamp)

    def error(self, code: str) -> None:
        self.errors[code] += 1


@dataclass(frozen=True)
class Latencies:
    """Seconds per idea for each path, plus the ideas that never completed it."""

    accepted: list[float]
    seen_everywhere: list[float]
    answered: list[float]
    themed: list[float]
    not_accepted: int
    not_seen_everywhere: int
    never_answered: int


def latencies(timings: Timings, sockets_per_room: list[int], measure_themes: bool) -> Latencies:
    accepted, everywhere, answered, themed = [], [], [], []
    missing_ack = missing_seen = missing_answer = 0
    for client_id, (sent, room) in timings.submitted.items():
        ack = timings.accepted.get(client_id)
        if ack is None:
            missing_ack += 1
            continue
        acked_at, event_id = ack
        accepted.append(acked_at - sent)
        seen = timings.seen.get(event_id)
        if seen is not None and seen.count >= sockets_per_room[room]:
            everywhere.append(seen.last - sent)
        else:
            missing_seen += 1
        if event_id in timings.answered:
            answered.append(timings.answered[event_id] - sent)
        elif measure_themes:
            missing_answer += 1
        if event_id in timings.themed:
            themed.append(timings.themed[event_id] - sent)
    return Latencies(accepted, everywhere, answered, themed, missing_ack, missing_seen, missing_answer)


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]
