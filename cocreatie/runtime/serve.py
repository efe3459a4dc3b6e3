"""One web process: the Starlette app under uvicorn."""

from __future__ import annotations

import uvicorn

from cocreatie.edges.app import create_app
from cocreatie.errors import ConfigError
from cocreatie.runtime.header_timeout import header_timeout_protocol
from cocreatie.settings import Settings

# Frames above this close the socket (1009); the app answers frames above 16 KiB with an error.
WS_MAX_BYTES = 64 * 1024


def uvicorn_config(settings: Settings) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        http=header_timeout_protocol(settings.header_seconds),
        ws="websockets-sansio",
        ws_max_size=WS_MAX_BYTES,
        ws_per_message_deflate=False,
        proxy_headers=True,
        forwarded_allow_ips=list(settings.trusted_proxies),  # none: X-Forwarded-For is never believed
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )


async def serve(settings: Settings) -> None:
    if settings.redis_url is None:
        raise ConfigError("REDIS_URL: `cocreatie serve` needs a shared Redis (or use `cocreatie up`)")
    await uvicorn.Server(uvicorn_config(settings)).serve()
