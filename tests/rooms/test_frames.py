"""Frames in: a nesting bomb is refused before it reaches the JSON parser, and no frame at all
makes the parser raise anything but one of our client errors."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from websockets.asyncio.client import connect

from cocreatie.errors import ClientError
from cocreatie.models import messages as msg
from cocreatie.rooms.frames import MAX_DEPTH, nesting, parse_frame
from tests.clients import collecting_room, create_workshop, post_idea, receive, receive_until, send

BOMB = "[" * 2000
BOMBS = {
    "bare": BOMB,
    "closed": BOMB + "]" * 2000,
    "inside a message": '{"type": "idea.submit", "client_id": "a", "text": "x", "heading": ' + BOMB,
}


@pytest.mark.parametrize(
    ("text", "depth"),
    [("{}", 1), ('[{"a": [1]}, []]', 3), ('{"a": "[[[{{{"}', 1), ('{"a": "\\"[[["}', 1), ('"]]][[["', 0)],
)
def test_nesting_counts_brackets_outside_strings(text: str, depth: int) -> None:
    assert nesting(text) == depth


def test_the_deepest_message_fits_the_limit() -> None:
    edit = {"type": "workshop.edit", "rounds": [{"prompt": "Waarom?"}], "groups": [{"name": "burger"}]}
    assert nesting(json.dumps(edit)) < MAX_DEPTH
    assert parse_frame(json.dumps(edit), msg.FACILITATOR_COMMAND, facilitator=True).type == "workshop.edit"


@pytest.mark.parametrize("frame", BOMBS.values(), ids=BOMBS.keys())
async def test_a_nesting_bomb_is_refused_and_the_socket_stays_open(
    web: str, stack: AsyncExitStack, frame: str
) -> None:
    room = await collecting_room(stack, web)
    for socket in (room.phone, room.board):
        await socket.send(frame)
        error = (await receive_until(socket, lambda f: f["type"] == "error"))[-1]
        assert (error["code"], error["message"]) == (
            "invalid_message", f"a message may nest arrays and objects at most {MAX_DEPTH} deep")
    assert await post_idea(room.phone, "after", "Nog altijd welkom")


async def test_a_nesting_bomb_instead_of_a_hello_is_refused(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    phone = await stack.enter_async_context(connect(workshop.ws(f"/ws/join/{workshop.join_code}")))
    await phone.send(BOMB)
    assert (await receive(phone))["code"] == "invalid_message"
    await send(phone, type="hello", group="burger")
    assert (await receive(phone))["type"] == "welcome"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)
FRAMES = st.text(max_size=300) | JSON.map(json.dumps) | st.builds(
    lambda kind, body: json.dumps({"type": kind, **body}),
    st.sampled_from(sorted(msg.FACILITATOR_TYPES | {"hello", "idea.submit", "vote.cast", "statement.answer"})),
    st.dictionaries(st.sampled_from(["text", "name", "label", "dots", "round_id", "client_id", "title", "statement_id",
                                    "answer", "sentences"]), JSON),
)


@settings(max_examples=300, deadline=None, database=None)
@given(frame=FRAMES, facilitator=st.booleans())
def test_any_frame_is_a_message_or_a_client_error(frame: str, facilitator: bool) -> None:
    adapters: list[TypeAdapter[Any]] = [msg.FACILITATOR_COMMAND if facilitator else msg.PARTICIPANT_MESSAGE,
                                        msg.PARTICIPANT_HELLO, msg.FACILITATOR_HELLO]
    for adapter in adapters:
        try:
            parse_frame(frame, adapter, facilitator=facilitator)
        except ClientError as error:
            assert error.message
