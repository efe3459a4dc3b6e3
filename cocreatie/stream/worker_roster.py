"""The roster of live workers (`keys.WORKER_HEARTBEATS`, `keys.WORKER_STATS`): how a worker
is named on it, and how it leaves it — by itself on the way out, or signed off by the
`cocreatie up` that saw it die, so /healthz stops counting it at once instead of for as long
as its last heartbeat stays fresh."""

from __future__ import annotations

import logging
import os
import socket

from redis.exceptions import RedisError

from cocreatie.stream import keys
from cocreatie.stream.redis_client import RedisClient

log = logging.getLogger(__name__)


def worker_name(pid: int | None = None) -> str:
    """The name of the worker process `pid` of this machine (this process by default)."""
    return f"{socket.gethostname()}-{os.getpid() if pid is None else pid}"


async def sign_off_pid(client: RedisClient, pid: int) -> None:
    """Take the worker process `pid` of this machine off the roster (it died under `up`)."""
    await sign_off(client, worker_name(pid))


async def sign_off(client: RedisClient, name: str) -> None:
    """Take `name` off the roster; if Redis does not take the order, its heartbeat just ages out.
    Not a transaction: the two keys may live on different cluster nodes, and half a sign-off
    ages out the same way."""
    try:
        async with client.pipeline(transaction=False) as pipe:
            pipe.zrem(keys.WORKER_HEARTBEATS, name)
            pipe.hdel(keys.WORKER_STATS, name)
            await pipe.execute()
    except RedisError as error:
        log.warning("could not sign a worker off; its heartbeat will age out", extra={"worker": name, "error": error})
