"""The EventStore protocol: the operations on a workshop's event log that everything else
writes and reads through. `RedisEventStore` is the one in production."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase

Entry = tuple[str, ev.Event]
"""A stream entry: its id and its event."""

Keyed = tuple[str, ev.Event]
"""An event with its dedupe key (`participant:client_id`): appended once per key."""


@dataclass(frozen=True)
class NewWorkshop:
    workshop_id: str
    join_code: str
    facilitator_token: str
    created: ev.WorkshopCreatedEvent


class NoFreeJoinCode(RuntimeError):
    """Every join code tried was taken."""


class EventStore(Protocol):
    async def claim_join_code(self, workshop_id: str) -> str:
        """A join code nobody has, now pointing at `workshop_id`; NoFreeJoinCode after a few tries."""
        ...

    async def create_workshop(self, new: NewWorkshop) -> str:
        """Store a new workshop under its claimed join code; the id of its first entry."""
        ...

    async def restore(
        self, new: NewWorkshop, phases: Mapping[str, Phase], submitted: Mapping[str, str], entries: Sequence[Entry]
    ) -> None:
        """A workshop's history at its entries' own ids, with its phase guard and idempotency
        records; the workers' cursor starts after the last entry. One step; Deleted for the
        id of a deleted workshop."""
        ...

    async def append(self, workshop_id: str, event: ev.Event) -> str:
        """Append one event; its id."""
        ...

    async def add_participant(self, workshop_id: str, token: str, joined: ev.ParticipantJoined) -> str:
        """Append the join with the participant's token, atomically."""
        ...

    async def submit_idea(self, workshop_id: str, dedupe_key: str, event: ev.IdeaAdded) -> tuple[str, bool]:
        """(event id, added now?); WrongPhase unless the round collects ideas. Wakes the workers."""
        ...

    async def cast_vote(self, workshop_id: str, event: ev.VoteCast | ev.StatementAnswered) -> str:
        """Append a ballot or a statement's answer; WrongPhase unless the round votes (checked
        atomically with the append, so a round closed by another web process refuses it)."""
        ...

    async def accepted_id(self, workshop_id: str, dedupe_key: str) -> str | None:
        """The event id an idea got when it was first accepted, if it was."""
        ...

    async def import_ideas(self, workshop_id: str, round_id: str, entries: Sequence[Keyed]) -> list[tuple[str, bool]]:
        """Each event not appended before under its key: (event id, added now?) per entry, in
        one step; WrongPhase when the round is closed, NotFound when it is unknown."""
        ...

    async def cursor(self, workshop_id: str) -> str:
        """The last entry the clustering workers processed ("0-0" before the first)."""
        ...

    async def notify_workers(self, workshop_id: str, event_id: str) -> None:
        """Tell the clustering workers that a room has news."""
        ...

    async def read(self, workshop_id: str, after: str = "0-0", count: int | None = None) -> list[Entry]:
        """Entries strictly after `after`, oldest first."""
        ...

    async def wait(self, workshop_id: str, after: str, timeout_ms: int) -> list[Entry]:
        """Block until there are entries after `after`, or the timeout passes."""
        ...

    async def exists(self, workshop_id: str) -> bool:
        """False for a workshop that was never made, has expired or was deleted."""
        ...

    async def is_deleted(self, workshop_id: str) -> bool:
        """The workshop was deleted (its tombstone has not expired yet)."""
        ...

    async def secret(self, workshop_id: str, name: str) -> str | None: ...

    async def workshop_for_code(self, code: str) -> str:
        """The workshop a join code points at; NotFound when none does."""
        ...

    async def delete(self, workshop_id: str, join_code: str) -> None:
        """Remove a workshop and everything it holds, for good: its tombstone stays for the
        retention period, and every write to the workshop until then raises Deleted."""
        ...

    async def publish_presence(self, process_id: str, rooms: Mapping[str, Collection[str]], ttl_seconds: int) -> None:
        """One web process's connected participants, per room; an empty collection withdraws
        its entry. A room's entries vanish `ttl_seconds` after the last publish to it."""
        ...

    async def presence(self, workshop_id: str, fresh_seconds: float) -> dict[str, list[str]]:
        """Per web process, the participants it had connected when it last published, if
        that was at most `fresh_seconds` ago; older entries (a process gone) are dropped."""
        ...
