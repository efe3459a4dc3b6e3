"""Every Redis key name, built in one place.

Room keys carry the workshop id in a hash tag (`{room}`) so that Redis Cluster keeps
one room on one shard; the few global keys serve the workers and the join codes.
"""

from __future__ import annotations

import re

PREFIX = "cocreatie"

WORK_STREAM = f"{PREFIX}:work"
DEAD_LETTER_STREAM = f"{PREFIX}:dead"
WORKER_GROUP = "workers"
WORKER_HEARTBEATS = f"{PREFIX}:workers"
JOIN_CODES = f"{PREFIX}:codes"


def _room(workshop_id: str, name: str) -> str:
    return f"{PREFIX}:{{{workshop_id}}}:{name}"


def events(workshop_id: str) -> str:
    """The room's event stream: the truth."""
    return _room(workshop_id, "events")


def submitted(workshop_id: str) -> str:
    """Hash participant:client_id -> event id, the idempotency record of ideas."""
    return _room(workshop_id, "submitted")


def phases(workshop_id: str) -> str:
    """Hash round_id -> phase, kept beside the stream so submits can check it atomically."""
    return _room(workshop_id, "phases")


def secrets(workshop_id: str) -> str:
    """Hash of token hashes: 'facilitator' and 'p:<sha256>' -> participant id."""
    return _room(workshop_id, "secrets")


def vectors(workshop_id: str) -> str:
    """Hash idea_id -> float32 embedding bytes."""
    return _room(workshop_id, "vectors")


CURSOR_LAST = "last"


def cursor(workshop_id: str) -> str:
    """Hash of the clustering workers' progress: field CURSOR_LAST = last entry id processed."""
    return _room(workshop_id, "cursor")


def lock(workshop_id: str) -> str:
    """The clustering lock: one worker works on a room at a time."""
    return _room(workshop_id, "lock")


def lock_note(workshop_id: str) -> str:
    """Set by a worker that found the room locked: the holder goes round once more."""
    return _room(workshop_id, "lock:dirty")


def presence(workshop_id: str) -> str:
    """Hash web process id -> the participants connected to it (JSON); expires unless refreshed."""
    return _room(workshop_id, "presence")


def deleted(workshop_id: str) -> str:
    """The tombstone of a deleted workshop: the one key of the room left after DELETE, until
    it expires after the retention period; every writer refuses to write while it exists."""
    return _room(workshop_id, "deleted")


def retained_keys(workshop_id: str) -> tuple[str, ...]:
    """The keys that hold a room's data: they expire together after the retention period."""
    return tuple(build(workshop_id) for build in (events, submitted, phases, secrets, vectors, cursor))


def room_keys(workshop_id: str) -> tuple[str, ...]:
    """All keys of one room (the data, the workers' lock, who is connected), for deletion."""
    return (*retained_keys(workshop_id), lock(workshop_id), lock_note(workshop_id), presence(workshop_id))


def room_pattern(workshop_id: str) -> str:
    """A SCAN pattern for every key in the room's hash tag, also the ones named per
    participant (rate-limit buckets), so that deletion leaves none of them behind."""
    return _room(re.sub(r"([*?\[\]\\])", r"\\\1", workshop_id), "*")


WORKER_STATS = f"{PREFIX}:workers:stats"
HEARTBEAT_FRESH_SECONDS = 15


def participant_limit(limit: str, workshop_id: str, participant_id: str) -> str:
    """A participant's token bucket of one rate limit, in the room's hash slot."""
    return _room(workshop_id, f"limit:{limit}:{participant_id}")


def address_limit(limit: str, address: str) -> str:
    """An address's token bucket of one rate limit; the address is the hash tag, so the
    buckets of many addresses spread over a cluster."""
    return f"{PREFIX}:limit:{limit}:{{{address}}}"
