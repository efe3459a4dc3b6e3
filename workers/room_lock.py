"""One worker works on a room at a time; a worker that finds the room busy leaves a note
(`dirty`) so the holder goes round once more. No wake-up is lost, nobody waits.

The lock expires unless its holder refreshes it (`kept`): a worker that stops answering
loses the room after `ttl_ms`, and its commit is refused from then on (`workers.commit`).
A deleted workshop (its tombstone, `keys.deleted`) is never locked: the lock's keys would
be keys of the room written again."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from cocreatie.stream import keys
from cocreatie.stream.redis_client import REDIS_DOWN, RedisClient

log = logging.getLogger(__name__)

DEFAULT_TTL_MS = 15_000

# 1: ours; 0: busy, a note is left for the holder; -1: the workshop was deleted.
ACQUIRE = """
if redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2] * 10)
return 0
"""
# 1: released; 0: someone left a note, the lock is kept for another round; -1: lock lost.
RELEASE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('DEL', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 0
end
redis.call('DEL', KEYS[1])
return 1
"""
REFRESH = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


class LockLost(Exception):
    """The room's lock expired while we worked (we were stopped, or slower than its TTL):
    another worker may have the room now, so nothing of ours is published."""


class RoomDeleted(Exception):
    """The workshop was deleted: nothing of it is written again."""


class RoomLock:
    def __init__(self, client: RedisClient, ttl_ms: int = DEFAULT_TTL_MS) -> None:
        self.redis = client
        self.ttl_ms = ttl_ms
        self._acquire = client.register_script(ACQUIRE)
        self._release = client.register_script(RELEASE)
        self._refresh = client.register_script(REFRESH)
        self.token = secrets.token_hex(8)

    async def acquire(self, room: str) -> bool:
        """True: the room is ours. False: busy; the holder will redo it for us.
        RoomDeleted for a deleted workshop."""
        answer = int(await self._acquire(keys=[*self._keys(room), keys.deleted(room)], args=[self.token, self.ttl_ms]))
        if answer < 0:
            raise RoomDeleted(room)
        return answer == 1

    async def release(self, room: str) -> bool:
        """True when released; False when a note asks for one more round (lock kept).
        LockLost when the lock was no longer ours: what we did since is not trusted."""
        answer = int(await self._release(keys=self._keys(room), args=[self.token, self.ttl_ms]))
        if answer < 0:
            raise LockLost(room)
        return answer == 1

    async def refresh(self, room: str) -> bool:
        """Push the lock's expiry on; False when it is no longer ours."""
        return bool(await self._refresh(keys=[keys.lock(room)], args=[self.token, self.ttl_ms]))

    @asynccontextmanager
    async def kept(self, room: str) -> AsyncIterator[None]:
        """While inside, the lock is refreshed every third of its TTL, however long the work takes."""
        left = asyncio.Event()
        refresher = asyncio.create_task(self._keep_refreshed(room, left))
        try:
            yield
        finally:
            left.set()
            refresher.cancel()
            with suppress(asyncio.CancelledError):
                await refresher

    async def _keep_refreshed(self, room: str, left: asyncio.Event) -> None:
        """Refresh until `left` is set; stop once the lock is gone (the commit will then be refused).
        A refresh Redis does not answer is logged and tried again at the next beat.

        The event ends it, not the cancel alone: on Python 3.11 a cancel that lands just as
        redis-py has written the refresh is lost (CPython gh-86296, see `Consumer._beat`), and
        a refresher that missed it would keep alive, for ever, the lock of a room whose work
        failed, with its worker waiting for the refresher."""
        while True:
            await asyncio.sleep(self.ttl_ms / 3000)
            if left.is_set():
                return
            try:
                if not await self.refresh(room):
                    return
            except REDIS_DOWN as error:
                log.warning("could not refresh the room lock", extra={"room": room, "error": str(error)})

    @staticmethod
    def _keys(room: str) -> list[str]:
        return [keys.lock(room), keys.lock_note(room)]
