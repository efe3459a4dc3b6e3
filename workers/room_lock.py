"""One worker works on a room at a time; a worker that finds the room busy leaves a note
(`dirty`) so the holder goes round once more. No wake-up is lost, nobody waits."""

from __future__ import annotations

import secrets

import redis.asyncio as aioredis

from cocreatie.stream import keys

ACQUIRE = """
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


class RoomLock:
    def __init__(self, client: aioredis.Redis, ttl_ms: int = 15_000) -> None:
        self.ttl_ms = ttl_ms
        self._acquire = client.register_script(ACQUIRE)
        self._release = client.register_script(RELEASE)
        self._refresh = client.register_script(REFRESH)
        self.token = secrets.token_hex(8)

    async def acquire(self, room: str) -> bool:
        """True: the room is ours. False: busy; the holder will redo it for us."""
        return bool(await self._acquire(keys=self._keys(room), args=[self.token, self.ttl_ms]))

    async def release(self, room: str) -> bool:
        """True when released; False when a note asks for one more round (lock kept)."""
        return int(await self._release(keys=self._keys(room), args=[self.token, self.ttl_ms])) != 0

    async def refresh(self, room: str) -> None:
        await self._refresh(keys=[keys.lock(room)], args=[self.token, self.ttl_ms])

    @staticmethod
    def _keys(room: str) -> list[str]:
        return [keys.lock(room), keys.lock_note(room)]
