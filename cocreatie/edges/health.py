"""GET /healthz and GET /metrics."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocreatie import metrics
from cocreatie.edges.services import services_of


async def healthz(request: Request) -> Response:
    """200 when Redis answers and at least one worker is alive; 503 otherwise."""
    services = services_of(request)
    health = await services.workers.health()
    if health.error is not None:
        return JSONResponse({"ok": False, "redis": False, "workers": 0, "error": health.error}, status_code=503)
    ok = health.workers > 0
    body = {"ok": ok, "redis": True, "workers": health.workers, "sockets": services.registry.socket_count}
    return JSONResponse(body, status_code=200 if ok else 503)


async def metrics_endpoint(request: Request) -> Response:
    workers = services_of(request).workers
    metrics.WORKERS_ALIVE.set(await workers.live_workers())
    metrics.DEAD_LETTERS.set(await workers.dead_letters())
    metrics.WORK_PENDING.set(await workers.pending_work())
    for worker, seconds in (await workers.batch_seconds()).items():
        metrics.WORKER_BATCH_SECONDS.labels(worker).set(seconds)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
