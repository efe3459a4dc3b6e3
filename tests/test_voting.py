"""Dot voting over real sockets: checked ballots, private dots, public counts, results on reveal."""

from __future__ import annotations

from contextlib import AsyncExitStack

from cocreatie.models import events as ev
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import Frame, collecting_room, is_event, open_phone, post_idea, receive_until, send, set_phase

THEMES = [ev.ThemeView(id="t-fiets", label="Fietsen"), ev.ThemeView(id="t-loket", label="Loket")]


def answer(frame: Frame) -> bool:
    return frame["type"] in ("vote.accepted", "error")


async def test_a_vote_round(web: str, redis_url: str, stack: AsyncExitStack) -> None:
    room = await collecting_room(stack, web)
    idea = await post_idea(room.phone, "v", "Veilige fietsroutes")
    async with connect(redis_url) as client:  # what a worker would have written
        await RedisEventStore(client).append(
            room.workshop.workshop_id, ev.ThemesUpdated(round_id="r1", themes=THEMES, assign={idea: "t-fiets"})
        )
    other, _ = await open_phone(stack, room.workshop, group="politiek")
    await send(room.phone, type="vote.cast", round_id="r1", dots={"t-fiets": 2})
    early = (await receive_until(room.phone, answer))[-1]
    assert early == {"type": "error", "code": "wrong_phase", "message": early["message"], "round_id": "r1"}

    await set_phase(room.board, "vote")
    for dots, code in (({"t-fiets": 3}, "invalid_vote"), ({"t-fiets": 2, "t-loket": 2}, "invalid_vote"),
                       ({"t-nope": 1}, "invalid_vote")):
        await send(room.phone, type="vote.cast", round_id="r1", dots=dots)
        assert (await receive_until(room.phone, answer))[-1]["code"] == code
    await send(room.phone, type="vote.cast", round_id="r1", dots={"t-fiets": 2, "t-loket": 1})
    accepted = (await receive_until(room.phone, answer))[-1]
    assert accepted["type"] == "vote.accepted" and accepted["dots"] == {"t-fiets": 2, "t-loket": 1}

    private = (await receive_until(room.board, is_event("vote.cast")))[-1]
    public = (await receive_until(other, is_event("vote.cast")))[-1]
    assert private["data"]["dots"] == {"t-fiets": 2, "t-loket": 1}
    assert public["data"] == {"round_id": "r1", "voters": 1}

    await send(room.board, type="votes.reveal", round_id="r1")
    revealed = (await receive_until(other, is_event("votes.revealed")))[-1]
    assert revealed["data"]["tally"] == {"t-fiets": 2, "t-loket": 1}
    _, back = await open_phone(stack, room.workshop, group=None, participant_token=room.phone_token)
    assert back["ballots"] == {"r1": {"t-fiets": 2, "t-loket": 1}}
    assert back["snapshot"]["rounds"][0]["tally"] == {"t-fiets": 2, "t-loket": 1}
