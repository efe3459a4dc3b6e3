"""The room event log in Redis streams, with the writes that must be atomic."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline
from redis.exceptions import ResponseError

from cocreatie.stream import keys
from cocreatie.errors import NotFound, WrongPhase
from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase, Round
from cocreatie.tokens import is_join_code, token_hash

# Dedupe, phase check and append in one step: a retry gets the first id back.
SUBMIT_IDEA = """
local seen = redis.call('HGET', KEYS[2], ARGV[1])
if seen then return {seen, 0} end
if redis.call('HGET', KEYS[3], ARGV[2]) ~= 'collect' then
  return redis.error_reply('WRONGPHASE the round is not collecting ideas')
end
local id = redis.call('XADD', KEYS[1], '*', 'event', 'idea.added', 'data', ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], id)
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ARGV[4]) end
return {id, 1}
"""


@dataclass(frozen=True)
class NewWorkshop:
    workshop_id: str
    join_code: str
    facilitator_token: str
    created: ev.WorkshopCreatedEvent


Entry = tuple[str, ev.Event]
"""A stream entry: its id and its event."""

DEFAULT_RETENTION_SECONDS = 90 * 24 * 3600


class RedisEventStore:
    """Every write also pushes the room's expiry `retention_seconds` into the future:
    a workshop's data lives that long after its last activity, then Redis drops it."""

    def __init__(
        self, client: aioredis.Redis, retention_seconds: int = DEFAULT_RETENTION_SECONDS,
        work_stream_maxlen: int = 200_000,
    ) -> None:
        self.redis = client
        self.retention_seconds = retention_seconds
        self._submit = client.register_script(SUBMIT_IDEA)
        self._work_maxlen = work_stream_maxlen

    async def create_workshop(self, new: NewWorkshop) -> str | None:
        """Store a new workshop; None when its join code is already taken."""
        if not await self.redis.hsetnx(keys.JOIN_CODES, new.join_code, new.workshop_id):
            return None
        rounds: list[Round] = new.created.rounds
        return await self._append_with(
            new.workshop_id,
            new.created,
            lambda pipe: pipe.hset(keys.secrets(new.workshop_id), "facilitator", token_hash(new.facilitator_token)),
            lambda pipe: pipe.hset(keys.phases(new.workshop_id), mapping={r.id: Phase.draft.value for r in rounds}),
        )

    async def append(self, workshop_id: str, event: ev.Event) -> str:
        """Append one event; a phase change also updates the phase guard atomically."""
        if isinstance(event, ev.PhaseChanged):
            guard = event
            return await self._append_with(
                workshop_id, event, lambda pipe: pipe.hset(keys.phases(workshop_id), guard.round_id, guard.phase.value)
            )
        return await self._append_with(workshop_id, event)

    async def _append_with(self, workshop_id: str, event: ev.Event, *writes: Callable[[Pipeline], object]) -> str:
        """Append an event with the writes that belong to it, in one transaction; its id."""
        async with self.redis.pipeline(transaction=True) as pipe:
            for write in writes:
                write(pipe)
            xadd = len(pipe)
            pipe.xadd(keys.events(workshop_id), _fields(event))
            self.keep(pipe, workshop_id)
            results = await pipe.execute()
        return str(results[xadd])

    def keep(self, pipe: Pipeline, workshop_id: str) -> None:
        """Queue the expiry of the room's data keys (a no-op for keys not made yet); the
        workers' lock keeps its own short expiry."""
        for key in keys.retained_keys(workshop_id):
            pipe.expire(key, self.retention_seconds)

    async def delete(self, workshop_id: str, join_code: str) -> None:
        """Remove a workshop and everything it holds."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(*keys.room_keys(workshop_id))
            pipe.hdel(keys.JOIN_CODES, join_code)
            await pipe.execute()

    async def submit_idea(self, workshop_id: str, dedupe_key: str, event: ev.IdeaAdded) -> tuple[str, bool]:
        """(event id, added now?) — raises WrongPhase when the round is not collecting.

        The workers are woken in the same round trip, also for a resend (its first wake-up
        may be what got lost); a needless wake-up costs them one look.
        """
        names = [keys.events(workshop_id), keys.submitted(workshop_id), keys.phases(workshop_id)]
        async with self.redis.pipeline(transaction=False) as pipe:
            await self._submit(
                keys=names, args=[dedupe_key, event.round_id, event.data_json(), self.retention_seconds], client=pipe
            )
            self._queue_wake_up(pipe, workshop_id, "idea")
            answer, _ = await pipe.execute(raise_on_error=False)
        if isinstance(answer, ResponseError):
            if str(answer).startswith("WRONGPHASE"):
                raise WrongPhase("ideas are welcome only while the round collects them") from answer
            raise answer
        event_id, added = answer
        return str(event_id), bool(added)

    async def accepted_id(self, workshop_id: str, dedupe_key: str) -> str | None:
        """The event id an idea got when it was first accepted, if it was."""
        found = await self.redis.hget(keys.submitted(workshop_id), dedupe_key)
        return None if found is None else str(found)

    async def read(self, workshop_id: str, after: str = "0-0", count: int | None = None) -> list[Entry]:
        """Entries strictly after `after`, oldest first."""
        raw = await self.redis.xrange(keys.events(workshop_id), min=f"({after}" if after != "0-0" else "-", count=count)
        return [(entry_id, ev.parse_entry(fields)) for entry_id, fields in raw]

    async def wait(self, workshop_id: str, after: str, timeout_ms: int) -> list[Entry]:
        """Block until there are entries after `after`, or the timeout passes."""
        reply = await self.redis.xread({keys.events(workshop_id): after}, block=timeout_ms, count=500)
        return [(entry_id, ev.parse_entry(fields)) for _, entries in reply for entry_id, fields in entries]

    async def length(self, workshop_id: str) -> int:
        return int(await self.redis.xlen(keys.events(workshop_id)))

    async def last_id(self, workshop_id: str) -> str:
        info = await self.redis.xinfo_stream(keys.events(workshop_id))
        return str(info["last-generated-id"])

    async def workshop_for_code(self, code: str) -> str:
        workshop_id = await self.redis.hget(keys.JOIN_CODES, code) if is_join_code(code) else None
        if workshop_id is not None and not await self.exists(workshop_id):
            await self.redis.hdel(keys.JOIN_CODES, code)  # the workshop expired: free its code
            workshop_id = None
        if workshop_id is None:
            raise NotFound("no workshop has this code")
        return str(workshop_id)

    async def exists(self, workshop_id: str) -> bool:
        return bool(await self.redis.exists(keys.events(workshop_id)))

    async def secret(self, workshop_id: str, name: str) -> str | None:
        value = await self.redis.hget(keys.secrets(workshop_id), name)
        return None if value is None else str(value)

    async def add_participant(self, workshop_id: str, token: str, joined: ev.ParticipantJoined) -> str:
        return await self._append_with(
            workshop_id, joined,
            lambda pipe: pipe.hset(keys.secrets(workshop_id), f"p:{token_hash(token)}", joined.participant_id),
        )

    async def notify_workers(self, workshop_id: str, event_id: str) -> None:
        """Tell the clustering workers that a room has news (idempotent on their side)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            self._queue_wake_up(pipe, workshop_id, event_id)
            await pipe.execute()

    def _queue_wake_up(self, pipe: Pipeline, workshop_id: str, event_id: str) -> None:
        pipe.xadd(
            keys.WORK_STREAM,
            {"room": workshop_id, "event_id": event_id, "at": f"{time.time():.3f}"},
            maxlen=self._work_maxlen,
            approximate=True,
        )


def _fields(event: ev.Event) -> dict[str, str]:
    return {"event": event.event, "data": event.data_json()}
