"""GET /healthz and GET /metrics."""

from __future__ import annotations

import json
import time

import redis.asyncio as aioredis
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.exceptions import RedisError, ResponseError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocreatie.stream import keys
from cocreatie import metrics
from cocreatie.edges.services import services_of


async def healthz(request: Request) -> Response:
    """200 when Redis answers and at least one worker is alive; 503 otherwise."""
    services = services_of(request)
    try:
        await services.redis.ping()
        workers = await live_workers(services.redis)
    except (RedisError, OSError) as error:
        return JSONResponse({"ok": False, "redis": False, "workers": 0, "error": str(error)}, status_code=503)
    ok = workers > 0
    body = {"ok": ok, "redis": True, "workers": workers, "sockets": services.registry.socket_count}
    return JSONResponse(body, status_code=200 if ok else 503)


async def live_workers(client: aioredis.Redis) -> int:
    since = time.time() - keys.HEARTBEAT_FRESH_SECONDS
    return int(await client.zcount(keys.WORKER_HEARTBEATS, since, "+inf"))


async def _pending_work(client: aioredis.Redis) -> int:
    try:
        return int((await client.xpending(keys.WORK_STREAM, keys.WORKER_GROUP))["pending"])
    except ResponseError:
        return 0  # no worker has created the group yet: nothing is pending


async def metrics_endpoint(request: Request) -> Response:
    services = services_of(request)
    metrics.WORKERS_ALIVE.set(await live_workers(services.redis))
    metrics.DEAD_LETTERS.set(await services.redis.xlen(keys.DEAD_LETTER_STREAM))
    metrics.WORK_PENDING.set(await _pending_work(services.redis))
    for worker, raw in (await services.redis.hgetall(keys.WORKER_STATS)).items():
        metrics.WORKER_BATCH_SECONDS.labels(worker).set(json.loads(raw).get("batch_seconds", 0.0))
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
