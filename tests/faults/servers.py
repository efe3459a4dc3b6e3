"""Servers a fault test may kill: a `cocreatie serve` whose process it holds, and a private
Redis (appendonly yes, appendfsync always, as `cocreatie up` runs it) it can restart."""

from __future__ import annotations

import asyncio
import signal
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from cocreatie.runtime.embedded_redis import redis_server_binary, server_arguments
from cocreatie.stream.redis_client import answers
from tests.processes import cocreatie_command, free_port, stop, wait_until_answers

# Phones here post as fast as they are answered; the per-participant idea limit is not under test.
UNLIMITED = {"COCREATIE_IDEAS_PER_SECOND": "1000", "COCREATIE_IDEA_BURST": "1000"}
STOP_SECONDS = 20.0


@contextmanager
def serving(redis_url: str, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`cocreatie serve` on a free port: its base URL and its process."""
    base = f"http://127.0.0.1:{free_port()}"
    with open(log, "ab") as output:
        process = cocreatie_command(
            "serve", "--port", base.rsplit(":", 1)[1], env={"REDIS_URL": redis_url, **UNLIMITED}, output=output
        )
    try:
        wait_until_answers(base, process)
        yield base, process
    finally:
        stop(process)


class PrivateRedis:
    """A redis-server on a unix socket in `folder`, that a test may kill and start again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket_path = folder / "redis.sock"
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            redis_server_binary(), *server_arguments(self.folder, self.socket_path)
        )
        async with asyncio.timeout(30):
            while not await answers(self.url):  # noqa: ASYNC110 - a fresh server has nothing to wait on but a poll
                await asyncio.sleep(0.05)

    async def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), STOP_SECONDS)


@asynccontextmanager
async def private_redis(folder: Path) -> AsyncIterator[PrivateRedis]:
    folder.mkdir(parents=True, exist_ok=True)
    server = PrivateRedis(folder)
    try:
        yield server
    finally:
        await server.stop()

