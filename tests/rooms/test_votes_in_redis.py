"""Votes are phase-checked by Redis with the append (DESIGN §7, issue 12): a web process
whose own fold has not yet heard that the round closed cannot store a ballot after it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cocreatie.errors import WrongPhase
from cocreatie.models import events as ev
from cocreatie.models import messages as msg
from cocreatie.models.workshop import Phase
from cocreatie.rooms.handlers import Caller, cast_vote
from cocreatie.rooms.room import Room
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.transfer.restore import restore
from tests.scripted_workshop import scripted


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisEventStore]:
    async with connect(redis_url) as client:
        yield RedisEventStore(client)


async def _voting_room(store: RedisEventStore) -> Room:
    """A workshop whose first round votes, loaded as a web process holds it (not following)."""
    created = scripted().events[0][1]
    joined = ev.ParticipantJoined(participant_id="p1", group="burger")
    voting = ev.PhaseChanged(round_id="r1", phase=Phase.vote)
    state = fold("ws", [("1795000000000-0", created), ("1795000000001-0", joined), ("1795000000002-0", voting)])
    workshop_id = (await restore(store, state)).workshop_id
    return await Room.load(workshop_id, store, resume_window=100)


async def test_a_ballot_after_the_close_is_refused_though_this_process_has_not_heard(store: RedisEventStore) -> None:
    room = await _voting_room(store)
    caller = Caller(room, store, "p1")
    ballot = msg.VoteCastMessage(type="vote.cast", round_id="r1", dots={})
    assert '"vote.accepted"' in await cast_vote(caller, ballot)  # while the round votes
    await store.append(room.workshop_id, ev.PhaseChanged(round_id="r1", phase=Phase.closed))  # another process
    assert room.state.round("r1").phase is Phase.vote  # this one has not heard
    length = await store.length(room.workshop_id)
    with pytest.raises(WrongPhase, match="no longer in phase vote"):
        await cast_vote(caller, ballot)
    assert await store.length(room.workshop_id) == length
    votes = [e for _, e in await store.read(room.workshop_id) if isinstance(e, ev.VoteCast)]
    assert len(votes) == 1
