"""The web application: routes, and one lifespan that opens and closes what it shares."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route, WebSocketRoute

from cocreatie.edges import api, health, openapi, sockets
from cocreatie.edges.hosts import allowed_hosts
from cocreatie.edges.pages import SecurityHeaders, page_routes
from cocreatie.edges.services import Services
from cocreatie.errors import ClientError
from cocreatie.rooms.limits import Limits
from cocreatie.rooms.presence import Presence
from cocreatie.rooms.registry import Registry
from cocreatie.settings import Settings
from cocreatie.stream.buckets import Buckets
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.wakeups import Wakeups
from cocreatie.stream.worker_status import WorkerStatus


def create_app(settings: Settings) -> Starlette:
    if settings.redis_url is None:
        raise ValueError("the web app needs settings.redis_url; `cocreatie up` sets it for you")
    redis_url = settings.redis_url

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with connect(redis_url, cluster=settings.redis_cluster) as client, Wakeups.running(client) as wakeups:
            store = RedisEventStore(
                client, settings.retention_seconds, replica_wait_ms=settings.replica_wait_ms, wakeups=wakeups
            )
            registry = Registry(store, settings, wakeups)
            limits = Limits.from_settings(settings)
            async with Presence.running(store) as presence:
                app.state.services = Services(
                    settings, WorkerStatus(client), store, registry, limits, Buckets(client), presence
                )
                try:
                    yield
                finally:
                    await registry.aclose()

    routes = [
        Route("/api/workshops", api.create_workshop, methods=["POST"]),
        Route("/api/workshops/{workshop_id}", api.read_workshop, methods=["GET"]),
        Route("/api/workshops/{workshop_id}", api.delete_workshop, methods=["DELETE"]),
        Route("/api/workshops/{workshop_id}/export", api.export_workshop),
        Route("/api/join/{code}", api.join_info),
        Route("/api/join/{code}/qr.svg", api.join_qr),
        Route("/api/openapi.json", openapi.openapi_json),
        Route("/healthz", health.healthz),
        Route("/metrics", health.metrics_endpoint),
        WebSocketRoute("/ws/join/{code}", sockets.participant_socket),
        WebSocketRoute("/ws/board/{workshop_id}", sockets.board_socket),
        WebSocketRoute("/ws/screen/{code}", sockets.screen_socket),
        *page_routes(),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings), www_redirect=False),
        ],
        exception_handlers={ClientError: api.client_error_handler},
        lifespan=lifespan,
    )
