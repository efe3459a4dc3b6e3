"""The client message parser (`rooms/frames.parse_frame`), fuzzed for each socket's messages:
whatever comes in is a message or one of the errors protocol.md §8.1 documents for frames that
cannot be read (`invalid_message`, `too_large`, `forbidden`), never anything else; and every
message the models allow is accepted and survives being written out and read back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from cocreatie.errors import ClientError, InvalidMessage, MessageTooLarge, NotAllowed
from cocreatie.models import messages as msg
from cocreatie.rooms.frames import MAX_FRAME_CHARS, error_frame, parse_frame
from tests.fuzz.schemas import values
from tests.rooms.test_frames import FRAMES, JSON

SOCKETS: dict[str, tuple[TypeAdapter[Any], bool]] = {
    "participant hello": (msg.PARTICIPANT_HELLO, False),
    "participant": (msg.PARTICIPANT_MESSAGE, False),
    "facilitator hello": (msg.FACILITATOR_HELLO, False),
    "facilitator": (msg.FACILITATOR_COMMAND, True),
    "screen hello": (msg.SCREEN_HELLO, False),
}
"""Each parser as `edges/sockets.py` calls it: the adapter, and whether the sender is the facilitator."""
UNREADABLE = (InvalidMessage, MessageTooLarge, NotAllowed)
TYPES = sorted(msg.FACILITATOR_TYPES | {"hello", "idea.submit", "vote.cast", "statement.answer", "idea.sumbit"})
BAD_TEXT = st.sampled_from(["", " ", "\x00", "a\u202eb", "\u200b", "\ud800", "\ufffe", "x" * 300, "\u3164"])
"""Strings the text rule refuses (empty, blank, control, bidi, zero-width, surrogate,
noncharacter, too long, a blank letter), and strings no pattern allows."""
BORDER_SIZED = st.builds(
    lambda char, count: char * count, st.characters(), st.integers(MAX_FRAME_CHARS - 2, MAX_FRAME_CHARS + 2)
)
"""Frames of about the largest size allowed."""
LONG_NUMBER = "1" * 4301
"""Found by this test: more digits than Python converts to an int (sys.get_int_max_str_digits)."""
FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None)


VALID: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    socket: values(adapter.json_schema()) for socket, (adapter, _) in SOCKETS.items()
}
"""Every message each socket's models allow."""


@st.composite
def near_valid(draw: st.DrawFn, socket: str) -> dict[str, Any]:
    """A valid message with one thing wrong: a field gone, a field too many, a value of any
    type, a text the rule refuses, or another message's type."""
    message = draw(VALID[socket])
    field = draw(st.sampled_from(sorted(message)))
    mutation = draw(st.sampled_from(["drop", "add", "any value", "bad text", "other type"]))
    if mutation == "drop":
        del message[field]
    elif mutation == "add":
        message[draw(st.text(max_size=8))] = draw(JSON)
    elif mutation == "any value":
        message[field] = draw(JSON)
    elif mutation == "bad text":
        message[field] = draw(BAD_TEXT)
    else:
        message["type"] = draw(st.sampled_from(TYPES))
    return message


def read(socket: str, frame: str) -> Any:
    """The message, or the error, which must be one the protocol documents for unreadable frames."""
    adapter, facilitator = SOCKETS[socket]
    try:
        return parse_frame(frame, adapter, facilitator=facilitator)
    except ClientError as error:
        assert isinstance(error, UNREADABLE), f"{type(error).__name__}: {error.message}"
        sent = json.loads(error_frame(error))
        assert sent["type"] == "error" and sent["code"] == error.code and sent["message"]
        return error


@pytest.mark.parametrize("socket", SOCKETS)
@FUZZ
@example(frame=LONG_NUMBER)
@given(frame=FRAMES | BORDER_SIZED)
def test_any_frame_is_a_message_or_a_documented_error(socket: str, frame: str) -> None:
    read(socket, frame)


@pytest.mark.parametrize("socket", SOCKETS)
@FUZZ
@given(data=st.data())
def test_a_near_valid_message_is_a_message_or_a_documented_error(socket: str, data: st.DataObject) -> None:
    message = data.draw(near_valid(socket))
    read(socket, json.dumps(message))


@pytest.mark.parametrize("socket", SOCKETS)
@FUZZ
@given(data=st.data())
def test_a_valid_message_is_accepted_and_round_trips(socket: str, data: st.DataObject) -> None:
    message = data.draw(VALID[socket])
    parsed = read(socket, json.dumps(message))
    assert not isinstance(parsed, ClientError), f"{message} refused: {parsed.message}"
    assert read(socket, parsed.model_dump_json()) == parsed
