"""The event store contract that rooms, the API and the workers rely on."""

from __future__ import annotations

from typing import Protocol

from cocreatie.models.events import Event

Entry = tuple[str, Event]


class EventStore(Protocol):
    async def append(self, workshop_id: str, event: Event) -> str: ...

    async def submit_idea(self, workshop_id: str, dedupe_key: str, event: Event) -> tuple[str, bool]: ...

    async def read(self, workshop_id: str, after: str = "0-0", count: int | None = None) -> list[Entry]: ...

    async def wait(self, workshop_id: str, after: str, timeout_ms: int) -> list[Entry]: ...
