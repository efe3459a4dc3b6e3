"""The worker's commit: its results and its new cursor, published by compare-and-set.

One script checks and writes, so nothing can land in between: the workshop is not deleted
(its tombstone), the room's lock is still ours, and the cursor is still the one we read —
else another worker has processed these entries, or is processing them now, and our results
would be published twice. Only then are the events appended, the cursor moved on and the
room's data kept for the retention period."""

from __future__ import annotations

from collections.abc import Sequence

from redis.exceptions import ResponseError
from redis.typing import EncodableT

from cocreatie.models import events as ev
from cocreatie.stream import keys
from cocreatie.stream.scripts import wake_up
from cocreatie.stream.wakeups import wake_args
from workers.room_lock import LockLost, RoomDeleted, RoomLock

# KEYS: events, cursor, lock, tombstone, then the retained keys.
# ARGV: lock token, cursor read, new cursor, retention seconds, the wake-up's command and channel
# (`wake_up`: the rooms' web processes hear of the new entries), then (event name, data) per event.
# Replies the new entries' ids.
COMMIT = wake_up(5) + f"""
if redis.call('EXISTS', KEYS[4]) == 1 then return redis.error_reply('DELETED the workshop was deleted') end
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('DELETED the room has no stream') end
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return redis.error_reply('LOCKLOST the room lock is not ours') end
local cursor = redis.call('HGET', KEYS[2], '{keys.CURSOR_LAST}') or '0-0'
if cursor ~= ARGV[2] then return redis.error_reply('STALE the cursor moved on to ' .. cursor) end
local ids = {{}}
for i = 7, #ARGV, 2 do
  ids[#ids + 1] = redis.call('XADD', KEYS[1], '*', 'event', ARGV[i], 'data', ARGV[i + 1])
end
redis.call('HSET', KEYS[2], '{keys.CURSOR_LAST}', ARGV[3])
for i = 5, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
if #ids > 0 then wake(ids[#ids]) end
return ids
"""


class StaleCursor(Exception):
    """Another worker moved the room's cursor since we read it: our results are not published."""


REFUSALS: dict[str, type[Exception]] = {"DELETED": RoomDeleted, "LOCKLOST": LockLost, "STALE": StaleCursor}


class RoomCommit:
    """Commits under one worker's room lock; the room's data is kept `retention_seconds` on."""

    def __init__(self, lock: RoomLock, retention_seconds: int) -> None:
        self.lock = lock
        self.retention_seconds = retention_seconds
        self._commit = lock.redis.register_script(COMMIT)

    async def __call__(self, room: str, read: str, done: str, events: Sequence[ev.Event]) -> list[str]:
        """Publish `events` and move the cursor from `read` to `done`; the events' ids.

        RoomDeleted, LockLost or StaleCursor when refused: then nothing was written."""
        names = [keys.events(room), keys.cursor(room), keys.lock(room), keys.deleted(room), *keys.retained_keys(room)]
        parts = [part for event in events for part in (event.event, event.data_json())]
        args: list[EncodableT] = [
            self.lock.token, read, done, self.retention_seconds, *wake_args(self.lock.redis, room), *parts
        ]
        try:
            ids = await self._commit(keys=names, args=args)
        except ResponseError as error:
            refused = REFUSALS.get(str(error).split(" ", 1)[0])
            if refused is None:
                raise
            raise refused(room) from error
        return [str(entry_id) for entry_id in ids]
