"""GET /healthz and GET /metrics."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocreatie import metrics
from cocreatie.edges.services import services_of
from cocreatie.stream.redis_client import REDIS_DOWN
from cocreatie.stream.replicas import Replication, replication
from cocreatie.stream.worker_status import Health


async def healthz(request: Request) -> Response:
    """200 when Redis answers and at least one worker is alive; 503 otherwise. A master
    without its replica is reported (`degraded`) but still served: ideas are then
    acknowledged without waiting for a replica."""
    services = services_of(request)
    health = await services.workers.health()
    if health.error is None:
        try:
            report = await replication(services.workers.redis)
        except REDIS_DOWN as error:
            health = Health(0, str(error))
    if health.error is not None:
        return JSONResponse({"ok": False, "redis": False, "workers": 0, "error": health.error}, status_code=503)
    ok = health.workers > 0
    body: dict[str, object] = {
        "ok": ok, "redis": True, "workers": health.workers, "sockets": services.registry.socket_count,
        **_replication(report),
    }
    return JSONResponse(body, status_code=200 if ok else 503)


def _replication(report: Replication) -> dict[str, object]:
    fields: dict[str, object] = {"replicas": report.replicas, "degraded": report.degraded}
    return fields | ({"masters": report.masters} if report.cluster else {})


async def metrics_endpoint(request: Request) -> Response:
    workers = services_of(request).workers
    metrics.WORKERS_ALIVE.set(await workers.live_workers())
    metrics.DEAD_LETTERS.set(await workers.dead_letters())
    metrics.WORK_PENDING.set(await workers.pending_work())
    for worker, seconds in (await workers.batch_seconds()).items():
        metrics.WORKER_BATCH_SECONDS.labels(worker).set(seconds)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
