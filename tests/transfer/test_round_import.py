from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cocreatie.errors import InvalidMessage, NotFound, WrongPhase
from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Phase
from cocreatie.runtime.commands import import_ideas_command
from cocreatie.settings import load_settings
from cocreatie.stream import keys
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.transfer.ideas_csv import parse_ideas_csv
from cocreatie.transfer.restore import restore
from cocreatie.transfer.round_import import import_ideas
from tests.processes import cocreatie_command, embedded_redis_server
from tests.scripted_workshop import scripted

WORKER_SECONDS = 100

CSV = (
    "text;group\n"
    "Een repair café in elke deelgemeente;burger\n"
    "Samenaankoop van zonnepanelen;\n"
    "Gemeentelijke gebouwen renoveren;administratie\n"
    "Samenaankoop van zonnepanelen;\n"
).encode()
TEXTS = ["Een repair café in elke deelgemeente", "Samenaankoop van zonnepanelen",
         "Gemeentelijke gebouwen renoveren", "Samenaankoop van zonnepanelen"]


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisEventStore]:
    async with connect(redis_url) as client:
        yield RedisEventStore(client)


@pytest.fixture
async def workshop(store: RedisEventStore) -> str:
    """A new workshop like the scripted one after its first round: r1 closed, r2 in draft."""
    created = scripted().events[0][1]
    closed = ev.PhaseChanged(round_id="r1", phase=Phase.closed)
    state = fold("ws", [("1795000000000-0", created), ("1795000000001-0", closed)])
    return (await restore(store, state)).workshop_id


async def _state(store: RedisEventStore, workshop_id: str) -> RoomState:
    return fold(workshop_id, await store.read(workshop_id))


async def _notices(store: RedisEventStore, workshop_id: str) -> int:
    entries = await store.redis.xrange(keys.work_stream(workshop_id))
    return sum(1 for _, fields in entries if fields["room"] == workshop_id)


async def test_importing_a_file_twice_adds_each_idea_once(store: RedisEventStore, workshop: str) -> None:
    ideas = parse_ideas_csv(CSV)
    first = await import_ideas(store, workshop, "r2", ideas, "politiek")
    again = await import_ideas(store, workshop, "r2", ideas, "politiek")
    state = await _state(store, workshop)
    assert len(first) == 4 and again == []
    assert [state.ideas[idea_id].text for idea_id in first] == TEXTS
    assert [idea.round_id for idea in state.ideas.values()] == ["r2"] * 4
    assert await _notices(store, workshop) == 1


async def test_ideas_get_their_group_or_the_default(store: RedisEventStore, workshop: str) -> None:
    added = await import_ideas(store, workshop, "r2", parse_ideas_csv(CSV), "politiek")
    await import_ideas(store, workshop, "r2", parse_ideas_csv(CSV), "politiek")
    state = await _state(store, workshop)
    assert [state.ideas[idea_id].group for idea_id in added] == ["burger", "politiek", "administratie", "politiek"]
    assert {p.id: (p.group, p.name) for p in state.participants.values()} == {
        "import:burger": ("burger", "import"), "import:politiek": ("politiek", "import"),
        "import:administratie": ("administratie", "import"),
    }
    joins = [e for _, e in await store.read(workshop) if isinstance(e, ev.ParticipantJoined)]
    assert len(joins) == 3


@pytest.mark.parametrize("phase", [Phase.draft, Phase.collect, Phase.cluster])
async def test_a_round_takes_an_import_in_every_phase_before_the_vote(
    store: RedisEventStore, workshop: str, phase: Phase
) -> None:
    await store.append(workshop, ev.PhaseChanged(round_id="r2", phase=phase))
    assert len(await import_ideas(store, workshop, "r2", parse_ideas_csv(CSV), "partner")) == 4


async def test_a_voting_round_takes_no_import_its_themes_are_frozen(store: RedisEventStore, workshop: str) -> None:
    await store.append(workshop, ev.PhaseChanged(round_id="r2", phase=Phase.vote))
    with pytest.raises(WrongPhase, match="until its vote begins"):
        await import_ideas(store, workshop, "r2", parse_ideas_csv(CSV), "partner")


@pytest.mark.parametrize(
    ("round_id", "default", "error"),
    [("r1", "partner", WrongPhase), ("r9", "partner", NotFound),
     ("r2", "koning", InvalidMessage), ("r2", "", InvalidMessage)],
    ids=["closed round", "unknown round", "unknown group", "no group"],
)
async def test_a_refused_import_writes_nothing(
    store: RedisEventStore, workshop: str, round_id: str, default: str, error: type[Exception]
) -> None:
    before = await store.length(workshop)
    with pytest.raises(error):
        await import_ideas(store, workshop, round_id, parse_ideas_csv(CSV), default)
    assert await store.length(workshop) == before
    assert await _notices(store, workshop) == 0


async def test_the_same_file_in_another_round_is_imported_again(store: RedisEventStore, workshop: str) -> None:
    await store.append(workshop, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
    ideas = parse_ideas_csv(CSV)
    assert len(await import_ideas(store, workshop, "r1", ideas, "burger")) == 4
    assert len(await import_ideas(store, workshop, "r2", ideas, "burger")) == 4


async def test_a_csv_file_by_url_and_path(
    redis_url: str, workshop: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ideeen.csv"
    path.write_bytes(CSV)
    settings = load_settings(redis_url=redis_url)
    await import_ideas_command(settings, workshop, "r2", path, "burger")
    assert capsys.readouterr().out == "4 ideas added to round r2\n"
    await import_ideas_command(settings, workshop, "r2", path, "burger")
    assert capsys.readouterr().out == "0 ideas added to round r2\n"


async def test_a_worker_places_the_imported_ideas_and_leaves_the_restored_rounds_alone(tmp_path: Path) -> None:
    """Against a Redis of its own: a burst worker does all the work it finds, and only ours is here."""
    script = scripted()
    with embedded_redis_server(tmp_path / "redis") as redis_url:
        async with connect(redis_url) as client:
            store = RedisEventStore(client)
            workshop = (await restore(store, script.state)).workshop_id
            await store.append(workshop, ev.PhaseChanged(round_id="r2", phase=Phase.collect))  # back from the vote
            added = await import_ideas(store, workshop, "r2", parse_ideas_csv(CSV), "partner")
            await _burst_worker(redis_url, tmp_path / "worker.log")
            answers = [e for _, e in await store.read(workshop, after=added[-1]) if isinstance(e, ev.ThemesUpdated)]
            state = await _state(store, workshop)
    assert answers and {answer.round_id for answer in answers} == {"r2"}
    assert set(added) <= {idea_id for answer in answers for idea_id in answer.assign}
    assert state.rounds[0] == script.state.rounds[0]


async def _burst_worker(redis_url: str, log: Path) -> None:
    with open(log, "wb") as output:
        worker = cocreatie_command("worker", "--burst", env={"REDIS_URL": redis_url}, output=output)
    assert await asyncio.to_thread(worker.wait, WORKER_SECONDS) == 0, f"the worker failed; see {log}"
