"""The room event log in Redis streams, with the writes that must be atomic."""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Mapping, Sequence
from typing import Literal, NoReturn, cast

from pydantic import BaseModel
from redis.asyncio.client import Pipeline
from redis.asyncio.cluster import ClusterPipeline
from redis.exceptions import ResponseError
from redis.typing import EncodableT

from cocreatie.errors import ClientError, NotFound, Unavailable, WrongPhase
from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream import keys
from cocreatie.stream.redis_client import RedisClient, queue_script
from cocreatie.stream.replicas import Replicas
from cocreatie.stream.scripts import (
    APPEND_EVENTS,
    APPEND_IDEAS,
    APPEND_VOTE,
    DELETE_ROOM,
    PUBLISH_PRESENCE,
    VOTING_CLOSED,
    Rule,
    deleted,
    refusal,
)
from cocreatie.stream.store import Entry, Keyed, NewWorkshop, NoFreeJoinCode
from cocreatie.stream.wakeups import Wakeups, wake_args
from cocreatie.tokens import is_join_code, new_join_code, token_hash

DEFAULT_RETENTION_SECONDS = 90 * 24 * 3600
JOIN_CODE_TRIES = 20
NOT_REPLICATED = "the idea is not yet on a replica of the database; it is sent again"

WAIT_COUNT = 500
"""The most entries one `wait` returns."""

NEXT_ID = "*"
"""The entry id that lets Redis choose the next one."""

HashWrite = tuple[Literal["HSET", "HSETNX"], str, str, str]
"""A write that goes with an append: (command, one of the room's data keys, field, value)."""


class RedisEventStore:
    """The EventStore in Redis. Every write also pushes the room's expiry `retention_seconds`
    into the future: a workshop's data lives that long after its last activity, then Redis
    drops it."""

    def __init__(
        self, client: RedisClient, retention_seconds: int = DEFAULT_RETENTION_SECONDS,
        work_stream_maxlen: int = 200_000, replica_wait_ms: int = 0, wakeups: Wakeups | None = None,
    ) -> None:
        self.redis = client
        self.wakeups = wakeups
        """This web process's wake-ups: with them `wait` holds no blocking command (see there)."""
        self.retention_seconds = retention_seconds
        self._append_ideas_script = client.register_script(APPEND_IDEAS)
        self._append_vote_script = client.register_script(APPEND_VOTE)
        self._append_events_script = client.register_script(APPEND_EVENTS)
        self._delete_room_script = client.register_script(DELETE_ROOM)
        self._publish_presence_script = client.register_script(PUBLISH_PRESENCE)
        self._work_maxlen = work_stream_maxlen
        self.replicas = Replicas(client, replica_wait_ms)

    async def claim_join_code(self, workshop_id: str) -> str:
        for _ in range(JOIN_CODE_TRIES):
            join_code = new_join_code()
            if await self.redis.hsetnx(keys.JOIN_CODES, join_code, workshop_id):
                return join_code
        raise NoFreeJoinCode(f"no free join code after {JOIN_CODE_TRIES} tries")

    async def create_workshop(self, new: NewWorkshop) -> str:
        phases = {r.id: Phase.draft for r in new.created.rounds}
        return await self._append_one(new.workshop_id, new.created, _guard(new, phases))

    async def restore(
        self, new: NewWorkshop, phases: Mapping[str, Phase], submitted: Mapping[str, str], entries: Sequence[Entry]
    ) -> None:
        """One script into a stream nobody else knows yet, so the explicit ids are accepted;
        the restored workshop expires like any other."""
        workshop_id = new.workshop_id
        writes = [
            *_guard(new, phases),
            *(("HSET", keys.submitted(workshop_id), key, event_id) for key, event_id in submitted.items()),
            ("HSET", keys.cursor(workshop_id), keys.CURSOR_LAST, entries[-1][0]),
        ]
        await self._append_events(workshop_id, entries, writes)

    async def append(self, workshop_id: str, event: ev.Event) -> str:
        """A phase change also updates the phase guard atomically."""
        if isinstance(event, ev.PhaseChanged):
            return await self._append_one(
                workshop_id, event, [("HSET", keys.phases(workshop_id), event.round_id, event.phase.value)]
            )
        if isinstance(event, ev.WorkshopEdited):
            return await self._append_one(workshop_id, event, _new_rounds(workshop_id, event))
        return await self._append_one(workshop_id, event)

    async def add_participant(self, workshop_id: str, token: str, joined: ev.ParticipantJoined) -> str:
        secret: HashWrite = ("HSET", keys.secrets(workshop_id), f"p:{token_hash(token)}", joined.participant_id)
        return await self._append_one(workshop_id, joined, [secret])

    async def submit_idea(self, workshop_id: str, dedupe_key: str, event: ev.IdeaAdded) -> tuple[str, bool]:
        """The workers are woken in the same round trip, also for a resend (its first wake-up
        may be what got lost); a needless wake-up costs them one look."""
        replies = await self._append_ideas(Rule.collecting, workshop_id, event.round_id, [(dedupe_key, event)], "idea")
        return replies[0]

    async def accepted_id(self, workshop_id: str, dedupe_key: str) -> str | None:
        found = await self.redis.hget(keys.submitted(workshop_id), dedupe_key)
        return None if found is None else str(found)

    async def cast_vote(self, workshop_id: str, event: ev.VoteCast | ev.StatementAnswered) -> str:
        """The room's keys are kept on, as with every append."""
        names = [keys.deleted(workshop_id), *keys.retained_keys(workshop_id)]
        args: list[EncodableT] = [
            self.retention_seconds, event.round_id, event.event, event.data_json(), *wake_args(self.redis, workshop_id)
        ]
        try:
            return str(await self._append_vote_script(keys=names, args=args))
        except ResponseError as answer:
            wrong_phase = WrongPhase(VOTING_CLOSED) if str(answer).startswith("WRONGPHASE") else None
            _raise(answer, wrong_phase or deleted(answer, workshop_id))

    async def import_ideas(self, workshop_id: str, round_id: str, entries: Sequence[Keyed]) -> list[tuple[str, bool]]:
        """The workers are not woken: the importer tells them once, after the whole file."""
        return await self._append_ideas(Rule.open, workshop_id, round_id, entries, None)

    async def cursor(self, workshop_id: str) -> str:
        return str(await self.redis.hget(keys.cursor(workshop_id), keys.CURSOR_LAST) or "0-0")

    async def notify_workers(self, workshop_id: str, event_id: str) -> None:
        """Idempotent on the workers' side."""
        async with self.redis.pipeline(transaction=False) as pipe:
            self._queue_wake_up(pipe, workshop_id, event_id)
            await pipe.execute()

    async def read(self, workshop_id: str, after: str = "0-0", count: int | None = None) -> list[Entry]:
        raw = await self.redis.xrange(keys.events(workshop_id), min=f"({after}" if after != "0-0" else "-", count=count)
        return _parsed(cast(RawEntries, raw))

    async def wait(self, workshop_id: str, after: str, timeout_ms: int) -> list[Entry]:
        """A room this process's wake-ups watch: its wake-up (or the timeout, the poll that
        covers a lost message), then a read that does not block; many rooms then share one
        pub/sub connection instead of holding one each. The wake-up is cleared before the
        read, and set again when the read took its limit (more is waiting). Any other room:
        a blocking XREAD."""
        wakeup = None if self.wakeups is None else self.wakeups.wakeup(workshop_id)
        if wakeup is None:
            reply = await self.redis.xread({keys.events(workshop_id): after}, block=timeout_ms, count=WAIT_COUNT)
            return [entry for _, raw in cast("list[tuple[str, RawEntries]]", reply) for entry in _parsed(raw)]
        await wakeup.taken(timeout_ms / 1000)
        entries = await self.read(workshop_id, after, count=WAIT_COUNT)
        if len(entries) == WAIT_COUNT:
            wakeup.set()
        return entries

    async def length(self, workshop_id: str) -> int:
        return int(await self.redis.xlen(keys.events(workshop_id)))

    async def exists(self, workshop_id: str) -> bool:
        """Not once deleted, whatever a writer from before the tombstone may have left."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.exists(keys.events(workshop_id))
            pipe.exists(keys.deleted(workshop_id))
            found, gone = await pipe.execute()
        return bool(found) and not gone

    async def is_deleted(self, workshop_id: str) -> bool:
        return bool(await self.redis.exists(keys.deleted(workshop_id)))

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
        """The tombstone and the room's keys go in one script on the room's slot; the join
        code, a global key on another slot, after it (a code left behind by a crash in
        between is freed when it is next looked up). Keys in the room's hash tag that
        `keys.room_keys` does not name (per-participant ones) are found by SCAN first."""
        tombstone = keys.deleted(workshop_id)
        found = [str(key) async for key in self.redis.scan_iter(match=keys.room_pattern(workshop_id), count=1000)]
        others = {*keys.room_keys(workshop_id), *found} - {tombstone}
        args: list[EncodableT] = [self.retention_seconds, *wake_args(self.redis, workshop_id)]
        await self._delete_room_script(keys=[tombstone, *sorted(others)], args=args)
        await self.redis.hdel(keys.JOIN_CODES, join_code)

    async def publish_presence(self, process_id: str, rooms: Mapping[str, Collection[str]], ttl_seconds: int) -> None:
        """One round trip for all rooms of the process; the clock is the writer's own. A
        deleted room gets no entry (withdrawing one writes nothing, so needs no check)."""
        at = time.time()
        async with self.redis.pipeline(transaction=False) as pipe:
            for workshop_id, participants in rooms.items():
                key = keys.presence(workshop_id)
                if not participants:
                    pipe.hdel(key, process_id)
                    continue
                record = PresenceRecord(at=at, participants=sorted(participants)).model_dump_json()
                queue_script(
                    pipe, self._publish_presence_script, [key, keys.deleted(workshop_id)],
                    [process_id, record, ttl_seconds],
                )
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

    async def _append_one(self, workshop_id: str, event: ev.Event, writes: Sequence[HashWrite] = ()) -> str:
        """Append an event with the writes that belong to it, in one step; its id."""
        return (await self._append_events(workshop_id, [(NEXT_ID, event)], writes))[0]

    async def _append_events(
        self, workshop_id: str, entries: Sequence[Entry], writes: Sequence[HashWrite] = ()
    ) -> list[str]:
        """APPEND_EVENTS: the writes, then the entries (at their ids, NEXT_ID for the next
        one), then the expiry, in one script that refuses a deleted room; the entries' ids."""
        names = [keys.deleted(workshop_id), *keys.retained_keys(workshop_id)]
        number = {name: position for position, name in enumerate(names, start=1)}
        hash_writes = [[command, number[key], field, value] for command, key, field, value in writes]
        appended = [[entry_id, event.event, event.data_json()] for entry_id, event in entries]
        args: list[EncodableT] = [
            self.retention_seconds, _json(hash_writes), _json(appended), *wake_args(self.redis, workshop_id)
        ]
        try:
            ids = await self._append_events_script(keys=names, args=args)
        except ResponseError as error:
            _raise(error, deleted(error, workshop_id))
        return [str(event_id) for event_id in ids]

    async def _append_ideas(
        self, rule: Rule, workshop_id: str, round_id: str, entries: Sequence[Keyed], wake_up: str | None
    ) -> list[tuple[str, bool]]:
        """APPEND_IDEAS under `rule`, confirmed by a replica when the room's master has one
        (`Replicas`), then a wake-up for the workers if asked: the work stream lives in
        another slot, so it follows the append rather than going with it."""
        names = [
            keys.events(workshop_id), keys.submitted(workshop_id), keys.phases(workshop_id), keys.deleted(workshop_id)
        ]
        parts = [part for key, event in entries for part in (key, event.event, event.data_json())]
        confirm = await self.replicas.confirm(names[0])
        async with self.redis.pipeline(transaction=False) as pipe:
            args = [rule.value, round_id, self.retention_seconds, *wake_args(self.redis, workshop_id), *parts]
            queue_script(pipe, self._append_ideas_script, names, args)
            if confirm:
                self.replicas.queue_wait(pipe, names[0])
            answers = await pipe.execute(raise_on_error=False)
        if isinstance(answers[0], ResponseError):
            _raise(answers[0], refusal(answers[0], rule, workshop_id, round_id))
        if confirm and not (isinstance(answers[1], int) and answers[1] >= 1):
            raise Unavailable(NOT_REPLICATED)
        if wake_up is not None:
            await self.notify_workers(workshop_id, wake_up)
        return [(str(event_id), bool(added)) for event_id, added in answers[0]]

    def _queue_wake_up(self, pipe: Pipeline | ClusterPipeline, workshop_id: str, event_id: str) -> None:
        """Onto the room's own work stream (`keys.work_stream`): the rooms' wake-ups spread over
        the work streams, and so over the nodes of a cluster; each stream is trimmed on its own."""
        pipe.xadd(
            keys.work_stream(workshop_id),
            {"room": workshop_id, "event_id": event_id, "at": f"{time.time():.3f}"},
            maxlen=self._work_maxlen,
            approximate=True,
        )


class PresenceRecord(BaseModel):
    """One web process's entry in a room's presence hash."""

    at: float
    """When it was written (the writer's clock, epoch seconds)."""
    participants: list[str]


def _guard(new: NewWorkshop, phases: Mapping[str, Phase]) -> list[HashWrite]:
    """The facilitator's token hash and the phase guard of a new workshop."""
    workshop_id = new.workshop_id
    return [
        ("HSET", keys.secrets(workshop_id), "facilitator", token_hash(new.facilitator_token)),
        *(("HSET", keys.phases(workshop_id), round_id, phase.value) for round_id, phase in phases.items()),
    ]


def _new_rounds(workshop_id: str, edit: ev.WorkshopEdited) -> list[HashWrite]:
    """Rounds the set-up added start in the phase guard as drafts (the others keep their phase)."""
    return [("HSETNX", keys.phases(workshop_id), round_spec.id, Phase.draft.value) for round_spec in edit.rounds]


def _json(value: object) -> str:
    """Structured ARGV for a script (Redis Lua has cjson); text stays UTF-8 as it is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _raise(error: ResponseError, refused: ClientError | None) -> NoReturn:
    """A script's refusal as the client error it means; any other error as it came."""
    if refused is None:
        raise error
    raise refused from error


RawEntries = list[tuple[str, dict[str, str]]]
"""Stream entries as a client with string replies reads them."""


def _parsed(raw: RawEntries) -> list[Entry]:
    return [(entry_id, ev.parse_entry(fields)) for entry_id, fields in raw]
