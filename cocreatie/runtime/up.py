"""`cocreatie up`: Redis (embedded unless REDIS_URL), one web process and N workers, stopped together;
a worker or the embedded Redis that dies is started again, the rest stays up (`supervise.py`).

It listens on every interface and gives people this machine's LAN address (`network.py`), so
phones in the room can open the links and the QR code; the web process builds its links on it.

The terminal is for people: the banner, `up`'s own records, and the children's warnings and
errors. Every record of the children goes to a log file (JSON lines) that the banner names.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from cocreatie.runtime.banner import banner
from cocreatie.runtime.embedded_redis import redis_url_for
from cocreatie.runtime.first_workshop import first_workshop
from cocreatie.runtime.network import Reach, reach, this_machine
from cocreatie.runtime.organiser import OrganiserToken, organiser_token
from cocreatie.runtime.supervise import Command, Supervisor, running
from cocreatie.settings import Settings
from cocreatie.stream.redis_client import connect
from cocreatie.stream.worker_roster import sign_off_pid

log = logging.getLogger(__name__)

WORKER_NICENESS = 10
"""Workers run below the web process in CPU priority: when both want the cores, the room's
fan-out (acks, the board, the projector) goes first and the clustering waits a moment."""


@dataclass(frozen=True)
class _Children:
    web: asyncio.subprocess.Process
    workers: Supervisor


async def run_up(settings: Settings) -> None:
    """Run until Ctrl-C / SIGTERM or until the web process dies; leave no process behind.
    A worker that dies is started again (`supervise.py`)."""
    reached = reach(settings, this_machine())
    organiser = organiser_token(settings)
    settings = settings.model_copy(
        update={"host": reached.host, "public_url": reached.base_url, "organiser_token": organiser.token}
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    log_file = settings.log_file or settings.data_dir / "logs" / "cocreatie.log"
    async with redis_url_for(settings) as redis_url, _children(settings, redis_url, log_file) as children:
        announcing = asyncio.create_task(_announce(settings, reached, organiser, log_file))
        announcing.add_done_callback(lambda task: _stop_if_failed(task, stop))
        try:
            await _until_stop_or_web_exit(stop, children)
        finally:
            announcing.cancel()
            await asyncio.wait([announcing])
    if not announcing.cancelled() and (error := announcing.exception()) is not None:
        raise error


async def _announce(settings: Settings, reached: Reach, organiser: OrganiserToken, log_file: Path) -> None:
    workshop = await first_workshop(settings)
    sys.stdout.write(banner(settings, workshop, log_file, reached, organiser))
    sys.stdout.flush()


def _stop_if_failed(task: asyncio.Task[None], stop: asyncio.Event) -> None:
    if not task.cancelled() and task.exception() is not None:
        stop.set()


@asynccontextmanager
async def _children(settings: Settings, redis_url: str, log_file: Path) -> AsyncIterator[_Children]:
    """The web process and the supervised workers; on exit the workers stop, then the web process."""
    env = {
        **os.environ, "REDIS_URL": redis_url, "COCREATIE_LOG_FILE": str(log_file),
        "COCREATIE_PUBLIC_URL": settings.base_url, "COCREATIE_ORGANISER_TOKEN": settings.organiser_token or "",
        "COCREATIE_DATA_DIR": str(settings.data_dir),  # `up --data-dir`: the workers' model cache goes there too
    }
    serve = Command(_cocreatie("serve", "--host", settings.host, "--port", str(settings.port)), env)
    async with connect(redis_url, cluster=settings.redis_cluster) as client, running(serve) as web:
        forget = partial(sign_off_pid, client)
        worker = Command(_cocreatie("worker"), env, niceness=WORKER_NICENESS)
        async with Supervisor(worker, settings.workers, "a worker", forget) as workers:
            yield _Children(web, workers)
    log.info("stopped", extra={"workers": settings.workers})


def _cocreatie(*arguments: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "cocreatie", *arguments)


async def _until_stop_or_web_exit(stop: asyncio.Event, children: _Children) -> None:
    """Until Ctrl-C / SIGTERM, or the web process ends, or the workers cannot be kept running."""
    web_ended = asyncio.create_task(children.web.wait())
    waiting = {asyncio.create_task(stop.wait()), asyncio.create_task(children.workers.broken()), web_ended}
    try:
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waiting:
            task.cancel()
    if web_ended.done() and not web_ended.cancelled():
        log.error("the web process ended; stopping", extra={"pid": children.web.pid, "code": web_ended.result()})
