"""Incoming frames to models, and errors to outgoing frames."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from cocreatie import metrics
from cocreatie.errors import ClientError, InvalidMessage, MessageTooLarge, NotAllowed
from cocreatie.models.messages import FACILITATOR_TYPES, ErrorMessage

MAX_FRAME_CHARS = 16 * 1024
MAX_DEPTH = 8
"""How deeply a frame's arrays and objects may nest; the deepest message needs 3."""
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")

T = TypeVar("T")


def parse_frame(text: str | None, adapter: TypeAdapter[T], *, facilitator: bool = False) -> T:
    """Validate one frame; a participant sending a facilitator command is refused, not ignored."""
    if text is None:
        raise InvalidMessage("send JSON text frames, not binary")
    if len(text) > MAX_FRAME_CHARS:
        raise MessageTooLarge(f"a message may be at most {MAX_FRAME_CHARS} characters")
    if nesting(text) > MAX_DEPTH:
        raise InvalidMessage(f"a message may nest arrays and objects at most {MAX_DEPTH} deep")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidMessage(f"not valid JSON: {error.msg} at position {error.pos}") from error
    except ValueError as error:  # more digits than Python converts to an int (its DoS guard)
        raise InvalidMessage("not valid JSON: a number too long to read") from error
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise InvalidMessage('a message is a JSON object with a "type"')
    if not facilitator and data["type"] in FACILITATOR_TYPES:
        raise NotAllowed(f"only the facilitator may send {data['type']!r}")
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        raise InvalidMessage(describe(error)) from error


def nesting(text: str) -> int:
    """How deeply the brackets outside JSON strings nest: counted before parsing, so a nesting
    bomb never reaches the recursive parser."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def describe(error: ValidationError) -> str:
    """The first problem, said plainly: where and what."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"] if not str(part).startswith("function-"))
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "union_tag_invalid":
        return f"unknown message type {first['input'].get('type')!r}" if isinstance(first["input"], dict) else message
    return f"{where}: {message}" if where else message


def error_frame(error: ClientError) -> str:
    metrics.CLIENT_ERRORS.labels(error.code).inc()
    return ErrorMessage(code=error.code, message=error.message, **error.about).model_dump_json(exclude_none=True)
