"""Redis stream entry ids ("<ms>-<seq>"), compared in stream order."""

from __future__ import annotations

StreamKey = tuple[int, int]


def stream_id_key(event_id: str) -> StreamKey:
    millis, _, seq = event_id.partition("-")
    return int(millis), int(seq or 0)
