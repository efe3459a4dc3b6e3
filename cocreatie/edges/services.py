"""What the web process shares between requests: built once by the app's lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection

from cocreatie.rooms.limits import Limits
from cocreatie.rooms.presence import Presence
from cocreatie.rooms.registry import Registry
from cocreatie.settings import Settings
from cocreatie.stream.buckets import Buckets
from cocreatie.stream.store import EventStore
from cocreatie.stream.worker_status import WorkerStatus


@dataclass(frozen=True)
class Services:
    settings: Settings
    workers: WorkerStatus
    store: EventStore
    registry: Registry
    limits: Limits
    buckets: Buckets
    """Where the limits are counted: in Redis, shared by every web process."""
    presence: Presence


def services_of(connection: HTTPConnection) -> Services:
    """The Services of the app serving this request or socket."""
    services: Services = connection.app.state.services
    return services


def client_address(connection: HTTPConnection) -> str:
    """The peer's address; behind a trusted proxy (COCREATIE_TRUSTED_PROXIES), the one it
    forwarded: uvicorn's proxy headers middleware has put it into the scope."""
    return connection.client.host if connection.client else "unknown"
