"""Redis stream entry ids ("<ms>-<seq>"): parsed strictly, formatted, compared in stream order."""

from __future__ import annotations

StreamKey = tuple[int, int]
"""An id as (milliseconds, sequence): keys compare in stream order."""


class MalformedStreamId(ValueError):
    """A string that is not a stream id like '1795000000000-0'."""


def stream_id_key(event_id: str) -> StreamKey:
    """The id's key; MalformedStreamId for anything but digits, a dash and digits."""
    milliseconds, dash, sequence = event_id.partition("-")
    if not (dash and milliseconds.isdecimal() and sequence.isdecimal()):
        raise MalformedStreamId(f"{event_id!r} is not a stream id like '1795000000000-0'")
    return int(milliseconds), int(sequence)


def format_stream_id(key: StreamKey) -> str:
    return f"{key[0]}-{key[1]}"
