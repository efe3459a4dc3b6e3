"""The offline commands: export a workshop, import a state file or a CSV of ideas.

They talk to Redis directly (REDIS_URL, or the embedded Redis of the data dir): whoever
can reach the data is trusted, so no facilitator token is asked."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from cocreatie.errors import NotFound
from cocreatie.runtime.embedded_redis import redis_url_for
from cocreatie.settings import Settings
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.store import EventStore
from cocreatie.tokens import normalise_join_code
from cocreatie.transfer.export import Format, export
from cocreatie.transfer.export.json_state import load_state
from cocreatie.transfer.export.options import Separator
from cocreatie.transfer.ideas_csv import parse_ideas_csv
from cocreatie.transfer.restore import restore
from cocreatie.transfer.round_import import import_ideas


async def export_command(
    settings: Settings, workshop: str, fmt: Format, output: Path | None, include_hidden: bool, include_names: bool,
    separator: str | None = None,
) -> None:
    """Write the export to `output`, or to standard output; `separator` names the CSV's
    ("comma" or "semicolon"; default: the workshop language's)."""
    async with _store(settings) as store:
        workshop_id = await _workshop_id(store, workshop)
        state = fold(workshop_id, await store.read(workshop_id))
    body = export(state, fmt, include_hidden=include_hidden, include_names=include_names,
                  separator=Separator[separator] if separator else None)
    if output is None:
        sys.stdout.buffer.write(body)
    else:
        output.write_bytes(body)


async def import_command(settings: Settings, path: Path) -> None:
    """Restore a JSON export (`cocreatie export --format json`) as a new workshop and print how to reach it."""
    state = load_state(path.read_bytes())
    async with _store(settings) as store:
        new = await restore(store, state)
    sys.stdout.write(
        f"workshop {new.workshop_id}, join code {new.join_code}\n"
        f"facilitator board: {settings.base_url}/board/{new.workshop_id}\n"
        f"facilitator token (private, asked once by the board): {new.facilitator_token}\n"
    )


async def import_ideas_command(settings: Settings, workshop: str, round_id: str, path: Path, group: str) -> None:
    """Add a CSV of ideas to a round; the workers cluster them."""
    ideas = parse_ideas_csv(path.read_bytes())
    async with _store(settings) as store:
        added = await import_ideas(store, await _workshop_id(store, workshop), round_id, ideas, group)
    sys.stdout.write(f"{len(added)} ideas added to round {round_id}\n")


@asynccontextmanager
async def _store(settings: Settings) -> AsyncIterator[EventStore]:
    """The event store at REDIS_URL, or in the data dir's embedded Redis, for as long as the command runs."""
    async with redis_url_for(settings) as url, connect(url, cluster=settings.redis_cluster) as client:
        yield RedisEventStore(client, settings.retention_seconds)


async def _workshop_id(store: EventStore, given: str) -> str:
    """A workshop id, or a join code."""
    if await store.exists(given):
        return given
    try:
        return await store.workshop_for_code(normalise_join_code(given))
    except NotFound as error:
        raise NotFound(f"no workshop with id or join code {given!r}") from error
