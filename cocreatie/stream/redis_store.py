"""The room event log in Redis streams, with the writes that must be atomic."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import cast

import redis.asyncio as aioredis
from pydantic import BaseModel
from redis.asyncio.client import Pipeline
from redis.exceptions import ResponseError
from redis.typing import EncodableT, FieldT

from cocreatie.errors import NotFound, WrongPhase
from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream import keys
from cocreatie.stream.scripts import APPEND_IDEAS, APPEND_VOTE, VOTING_CLOSED, Rule, refusal
from cocreatie.stream.store import Entry, Keyed, NewWorkshop, NoFreeJoinCode
from cocreatie.tokens import is_join_code, new_join_code, token_hash

DEFAULT_RETENTION_SECONDS = 90 * 24 * 3600
JOIN_CODE_TRIES = 20

Write = Callable[[Pipeline], object]


class RedisEventStore:
    """The EventStore in Redis. Every write also pushes the room's expiry `retention_seconds`
    into the future: a workshop's data lives that long after its last activity, then Redis
    drops it."""

    def __init__(
        self, client: aioredis.Redis, retention_seconds: int = DEFAULT_RETENTION_SECONDS,
        work_stream_maxlen: int = 200_000,
    ) -> None:
        self.redis = client
        self.retention_seconds = retention_seconds
        self._append_ideas_script = client.register_script(APPEND_IDEAS)
        self._append_vote_script = client.register_script(APPEND_VOTE)
        self._work_maxlen = work_stream_maxlen

    async def claim_join_code(self, workshop_id: str) -> str:
        for _ in range(JOIN_CODE_TRIES):
            join_code = new_join_code()
            if await self.redis.hsetnx(keys.JOIN_CODES, join_code, workshop_id):
                return join_code
        raise NoFreeJoinCode(f"no free join code after {JOIN_CODE_TRIES} tries")

    async def create_workshop(self, new: NewWorkshop) -> str:
        phases = {r.id: Phase.draft for r in new.created.rounds}
        return await self._append_with(new.workshop_id, new.created, lambda pipe: _queue_guard(pipe, new, phases))

    async def restore(
        self, new: NewWorkshop, phases: Mapping[str, Phase], submitted: Mapping[str, str], entries: Sequence[Entry]
    ) -> None:
        """One transaction into a stream nobody else knows yet, so the explicit ids are accepted."""
        async with self.redis.pipeline(transaction=True) as pipe:
            _queue_guard(pipe, new, phases)
            if submitted:
                pipe.hset(keys.submitted(new.workshop_id), mapping=_mapping(submitted))
            for entry_id, event in entries:
                pipe.xadd(keys.events(new.workshop_id), _fields(event), id=entry_id)
            pipe.hset(keys.cursor(new.workshop_id), keys.CURSOR_LAST, entries[-1][0])
            await pipe.execute()

    async def append(self, workshop_id: str, event: ev.Event) -> str:
        """A phase change also updates the phase guard atomically."""
        if isinstance(event, ev.PhaseChanged):
            guard = event
            return await self._append_with(
                workshop_id, event, lambda pipe: pipe.hset(keys.phases(workshop_id), guard.round_id, guard.phase.value)
            )
        if isinstance(event, ev.WorkshopEdited):
            edit = event
            return await self._append_with(workshop_id, event, lambda pipe: _queue_new_rounds(pipe, workshop_id, edit))
        return await self._append_with(workshop_id, event)

    async def add_participant(self, workshop_id: str, token: str, joined: ev.ParticipantJoined) -> str:
        return await self._append_with(
            workshop_id, joined,
            lambda pipe: pipe.hset(keys.secrets(workshop_id), f"p:{token_hash(token)}", joined.participant_id),
        )

    async def submit_idea(self, workshop_id: str, dedupe_key: str, event: ev.IdeaAdded) -> tuple[str, bool]:
        """The workers are woken in the same round trip, also for a resend (its first wake-up
        may be what got lost); a needless wake-up costs them one look."""
        replies = await self._append_ideas(Rule.collecting, workshop_id, event.round_id, [(dedupe_key, event)], "idea")
        return replies[0]

    async def accepted_id(self, workshop_id: str, dedupe_key: str) -> str | None:
        found = await self.redis.hget(keys.submitted(workshop_id), dedupe_key)
        return None if found is None else str(found)

    async def cast_vote(self, workshop_id: str, event: ev.VoteCast) -> str:
        """The room's keys are kept on, as with every append (harmless after a refusal)."""
        names = [keys.events(workshop_id), keys.phases(workshop_id)]
        async with self.redis.pipeline(transaction=False) as pipe:
            args = [event.round_id, event.event, event.data_json()]
            await self._append_vote_script(keys=names, args=args, client=pipe)
            self._keep(pipe, workshop_id)
            answer = (await pipe.execute(raise_on_error=False))[0]
        if isinstance(answer, ResponseError):
            if str(answer).startswith("WRONGPHASE"):
                raise WrongPhase(VOTING_CLOSED) from answer
            raise answer
        return str(answer)

    async def import_ideas(self, workshop_id: str, round_id: str, entries: Sequence[Keyed]) -> list[tuple[str, bool]]:
        """The workers are not woken: the importer tells them once, after the whole file."""
        return await self._append_ideas(Rule.open, workshop_id, round_id, entries, None)

    async def cursor(self, workshop_id: str) -> str:
        return str(await self.redis.hget(keys.cursor(workshop_id), keys.CURSOR_LAST) or "0-0")

    async def commit_work(self, workshop_id: str, events: Sequence[ev.Event], cursor: str) -> None:
        """Done once, or not at all."""
        progress = keys.cursor(workshop_id)
        await self._transaction(workshop_id, events, lambda pipe: pipe.hset(progress, keys.CURSOR_LAST, cursor))

    async def notify_workers(self, workshop_id: str, event_id: str) -> None:
        """Idempotent on the workers' side."""
        async with self.redis.pipeline(transaction=False) as pipe:
            self._queue_wake_up(pipe, workshop_id, event_id)
            await pipe.execute()

    async def read(self, workshop_id: str, after: str = "0-0", count: int | None = None) -> list[Entry]:
        raw = await self.redis.xrange(keys.events(workshop_id), min=f"({after}" if after != "0-0" else "-", count=count)
        return _parsed(cast(RawEntries, raw))

    async def wait(self, workshop_id: str, after: str, timeout_ms: int) -> list[Entry]:
        reply = await self.redis.xread({keys.events(workshop_id): after}, block=timeout_ms, count=500)
        return [entry for _, raw in cast("list[tuple[str, RawEntries]]", reply) for entry in _parsed(raw)]

    async def length(self, workshop_id: str) -> int:
        return int(await self.redis.xlen(keys.events(workshop_id)))

    async def exists(self, workshop_id: str) -> bool:
        return bool(await self.redis.exists(keys.events(workshop_id)))

    async def secret(self, workshop_id: str, name: str) -> str | None:
        value = await self.redis.hget(keys.secrets(workshop_id), name)
        return None if value is None else str(value)

    async def workshop_for_code(self, code: str) -> str:
        workshop_id = await self.redis.hget(keys.JOIN_CODES, code) if is_join_code(code) else None
        if workshop_id is not None and not await self.exists(str(workshop_id)):
            await self.redis.hdel(keys.JOIN_CODES, code)  # the workshop expired: free its code
            workshop_id = None
        if workshop_id is None:
            raise NotFound("no workshop has this code")
        return str(workshop_id)

    async def delete(self, workshop_id: str, join_code: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(*keys.room_keys(workshop_id))
            pipe.hdel(keys.JOIN_CODES, join_code)
            await pipe.execute()

    async def publish_presence(self, process_id: str, rooms: Mapping[str, Collection[str]], ttl_seconds: int) -> None:
        """One round trip for all rooms of the process; the clock is the writer's own."""
        at = time.time()
        async with self.redis.pipeline(transaction=False) as pipe:
            for workshop_id, participants in rooms.items():
                key = keys.presence(workshop_id)
                if not participants:
                    pipe.hdel(key, process_id)
                    continue
                pipe.hset(key, process_id, PresenceRecord(at=at, participants=sorted(participants)).model_dump_json())
                pipe.expire(key, ttl_seconds)
            await pipe.execute()

    async def presence(self, workshop_id: str, fresh_seconds: float) -> dict[str, list[str]]:
        key = keys.presence(workshop_id)
        raw = cast(dict[str, str], await self.redis.hgetall(key))
        records = {process: PresenceRecord.model_validate_json(entry) for process, entry in raw.items()}
        since = time.time() - fresh_seconds
        stale = [process for process, record in records.items() if record.at < since]
        if stale:
            await self.redis.hdel(key, *stale)
        return {process: record.participants for process, record in records.items() if record.at >= since}

    async def _append_with(self, workshop_id: str, event: ev.Event, *writes: Write) -> str:
        """Append an event with the writes that belong to it, in one transaction; its id."""
        return (await self._transaction(workshop_id, [event], *writes))[0]

    async def _transaction(self, workshop_id: str, events: Sequence[ev.Event], *writes: Write) -> list[str]:
        """The writes, then the events, then the expiry, in one transaction; the events' ids."""
        async with self.redis.pipeline(transaction=True) as pipe:
            for write in writes:
                write(pipe)
            first = len(pipe)
            for event in events:
                pipe.xadd(keys.events(workshop_id), _fields(event))
            self._keep(pipe, workshop_id)
            results = await pipe.execute()
        return [str(event_id) for event_id in results[first:first + len(events)]]

    def _keep(self, pipe: Pipeline, workshop_id: str) -> None:
        """Queue the expiry of the room's data keys (a no-op for keys not made yet); the
        workers' lock keeps its own short expiry."""
        for key in keys.retained_keys(workshop_id):
            pipe.expire(key, self.retention_seconds)

    async def _append_ideas(
        self, rule: Rule, workshop_id: str, round_id: str, entries: Sequence[Keyed], wake_up: str | None
    ) -> list[tuple[str, bool]]:
        """APPEND_IDEAS under `rule`, with a wake-up for the workers in the same round trip if asked."""
        names = [keys.events(workshop_id), keys.submitted(workshop_id), keys.phases(workshop_id)]
        parts = [part for key, event in entries for part in (key, event.event, event.data_json())]
        async with self.redis.pipeline(transaction=False) as pipe:
            await self._append_ideas_script(
                keys=names, args=[rule.value, round_id, self.retention_seconds, *parts], client=pipe
            )
            if wake_up is not None:
                self._queue_wake_up(pipe, workshop_id, wake_up)
            answer = (await pipe.execute(raise_on_error=False))[0]
        if isinstance(answer, ResponseError):
            refused = refusal(answer, rule, workshop_id, round_id)
            if refused is None:
                raise answer
            raise refused from answer
        return [(str(event_id), bool(added)) for event_id, added in answer]

    def _queue_wake_up(self, pipe: Pipeline, workshop_id: str, event_id: str) -> None:
        pipe.xadd(
            keys.WORK_STREAM,
            {"room": workshop_id, "event_id": event_id, "at": f"{time.time():.3f}"},
            maxlen=self._work_maxlen,
            approximate=True,
        )


class PresenceRecord(BaseModel):
    """One web process's entry in a room's presence hash."""

    at: float
    """When it was written (the writer's clock, epoch seconds)."""
    participants: list[str]


def _queue_guard(pipe: Pipeline, new: NewWorkshop, phases: Mapping[str, Phase]) -> None:
    """The facilitator's token hash and the phase guard of a new workshop."""
    pipe.hset(keys.secrets(new.workshop_id), "facilitator", token_hash(new.facilitator_token))
    pipe.hset(keys.phases(new.workshop_id), mapping={round_id: phase.value for round_id, phase in phases.items()})


def _queue_new_rounds(pipe: Pipeline, workshop_id: str, edit: ev.WorkshopEdited) -> None:
    """Rounds the set-up added start in the phase guard as drafts (the others keep their phase)."""
    for round_spec in edit.rounds:
        pipe.hsetnx(keys.phases(workshop_id), round_spec.id, Phase.draft.value)


def _fields(event: ev.Event) -> dict[FieldT, EncodableT]:
    return {"event": event.event, "data": event.data_json()}


RawEntries = list[tuple[str, dict[str, str]]]
"""Stream entries as a client with string replies reads them."""


def _parsed(raw: RawEntries) -> list[Entry]:
    return [(entry_id, ev.parse_entry(fields)) for entry_id, fields in raw]


def _mapping(values: Mapping[str, str]) -> dict[FieldT, EncodableT]:
    return {key: value for key, value in values.items()}
