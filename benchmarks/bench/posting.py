"""What the main bench and the posting phones' process (poster.py) say to each other: one JSON
line each way per step.

  to the poster   <- PosterConfig, then "go", then "stop" (or the end of its input)
  from the poster -> Ready once its phones are welcomed, Posted when the pace has run out,
                     Report once every idea acked reached every posting phone of its room (bounded)."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, TypeAdapter

from benchmarks.bench.timings import Seen, Timings


class PhoneSpec(BaseModel):
    url: str
    room: int
    number: int
    """The phone's number in the whole run (its participant group follows from it)."""


class PosterConfig(BaseModel):
    phones: list[PhoneSpec]
    rate: float
    seconds: float
    burst: float
    burst_every: float
    seed: int
    prefix: str
    fan_out_wait: float


class Ready(BaseModel):
    type: Literal["ready"] = "ready"
    phones: int


class Posted(BaseModel):
    type: Literal["posted"] = "posted"
    started: float
    seconds: float


class Report(BaseModel):
    type: Literal["report"] = "report"
    submitted: dict[str, tuple[float, int]]
    accepted: dict[str, tuple[float, str]]
    seen: dict[str, tuple[int, float]]
    """Event id -> (posting phones that received it, when the last of them did)."""
    errors: dict[str, int]

    @classmethod
    def of(cls, timings: Timings) -> Report:
        seen = {event_id: (s.count, s.last) for event_id, s in timings.seen.items()}
        return cls(submitted=timings.submitted, accepted=timings.accepted, seen=seen, errors=dict(timings.errors))

    def timings(self) -> Timings:
        return Timings(
            submitted=dict(self.submitted), accepted=dict(self.accepted),
            seen={event_id: Seen(count, last) for event_id, (count, last) in self.seen.items()},
            errors=Counter(self.errors),
        )


Said = Ready | Posted | Report
SAID: TypeAdapter[Said] = TypeAdapter(Said)
