"""`cocreatie up`: Redis (embedded unless REDIS_URL), one web process and N workers, stopped together.

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
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from cocreatie.runtime.banner import banner
from cocreatie.runtime.embedded_redis import redis_url_for
from cocreatie.runtime.first_workshop import first_workshop
from cocreatie.runtime.network import Reach, reach, this_machine
from cocreatie.settings import Settings

log = logging.getLogger(__name__)

STOP_TIMEOUT_SECONDS = 10.0


async def run_up(settings: Settings) -> None:
    """Run until Ctrl-C / SIGTERM or until a child dies; leave no process behind."""
    reached = reach(settings, this_machine())
    settings = settings.model_copy(update={"host": reached.host, "public_url": reached.base_url})
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    log_file = settings.log_file or settings.data_dir / "logs" / "cocreatie.log"
    async with redis_url_for(settings) as redis_url, _children(settings, redis_url, log_file) as children:
        announcing = asyncio.create_task(_announce(settings, reached, log_file))
        announcing.add_done_callback(lambda task: _stop_if_failed(task, stop))
        try:
            await _until_stop_or_child_exit(stop, children)
        finally:
            announcing.cancel()
            await asyncio.wait([announcing])
    if not announcing.cancelled() and (error := announcing.exception()) is not None:
        raise error


async def _announce(settings: Settings, reached: Reach, log_file: Path) -> None:
    workshop = await first_workshop(settings)
    sys.stdout.write(banner(settings, workshop, log_file, reached))
    sys.stdout.flush()


def _stop_if_failed(task: asyncio.Task[None], stop: asyncio.Event) -> None:
    if not task.cancelled() and task.exception() is not None:
        stop.set()


@asynccontextmanager
async def _children(settings: Settings, redis_url: str, log_file: Path) -> AsyncIterator[list[subprocess.Popen[bytes]]]:
    env = {
        **os.environ, "REDIS_URL": redis_url, "COCREATIE_LOG_FILE": str(log_file),
        "COCREATIE_PUBLIC_URL": settings.base_url,
    }
    commands = [["serve", "--host", settings.host, "--port", str(settings.port)]]
    commands += [["worker"]] * settings.workers
    children: list[subprocess.Popen[bytes]] = []
    try:
        for command in commands:
            children.append(
                subprocess.Popen([sys.executable, "-m", "cocreatie", *command], env=env, start_new_session=True)
            )
        yield children
    finally:
        await _stop_all(children)


async def _until_stop_or_child_exit(stop: asyncio.Event, children: list[subprocess.Popen[bytes]]) -> None:
    while not stop.is_set():
        for child in children:
            if child.poll() is not None:
                log.error("a child process ended; stopping", extra={"pid": child.pid, "code": child.returncode})
                return
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except TimeoutError:
            continue


async def _stop_all(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            await asyncio.to_thread(child.wait, STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            log.warning("child did not stop; killing", extra={"pid": child.pid})
            child.kill()
            await asyncio.to_thread(child.wait)
    log.info("stopped", extra={"children": len(children)})
