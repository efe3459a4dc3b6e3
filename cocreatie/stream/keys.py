"""Every Redis key name, built in one place.

Room keys carry the workshop id in a hash tag (`{room}`) so that Redis Cluster keeps
one room on one shard; the few global keys serve the workers and the join codes.
"""

from __future__ import annotations

import re
import zlib

PREFIX = "cocreatie"

WORK_STREAM_COUNT = 4
"""How many streams the workers' wake-ups are spread over: a constant, not a setting, so that
every web process and every worker agrees on where a room's wake-ups go (DESIGN §9). Four
hash tags that fall in all three slot ranges of a default three-master cluster; more would
cost every worker one more blocking read each, for traffic that is only wake-ups."""
WORK_STREAMS = tuple(f"{PREFIX}:work:{{{number}}}" for number in range(WORK_STREAM_COUNT))
"""The work streams, each in its own hash slot (tags {0} to {3}: slots 13907, 9842, 5649, 1584)."""
LEGACY_WORK_STREAM = f"{PREFIX}:work"
"""The one work stream of earlier versions: still read, so that wake-ups an older web process
queued during a rolling upgrade are done too."""
WORKER_STREAMS = (*WORK_STREAMS, LEGACY_WORK_STREAM)
"""Every stream a worker reads, each with the consumer group WORKER_GROUP."""
DEAD_LETTER_STREAM = f"{PREFIX}:dead"
WORKER_GROUP = "workers"
WORKER_HEARTBEATS = f"{PREFIX}:workers"
JOIN_CODES = f"{PREFIX}:codes"


def work_stream(workshop_id: str) -> str:
    """The work stream of a room's wake-ups: always the same one for the same room."""
    return WORK_STREAMS[zlib.crc32(workshop_id.encode()) % WORK_STREAM_COUNT]


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


def wake(workshop_id: str) -> str:
    """The room's pub/sub channel: every append publishes its entry id here, so a web process
    hears of news in any of its rooms on one connection (a cluster's sharded channel sits in
    the room's slot)."""
    return _room(workshop_id, "wake")


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
