"""The product under test: `cocreatie up` on a free port with a temporary data dir, or
Redis + N `cocreatie serve` + M `cocreatie worker`, or a product already running."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psutil

from cocreatie.runtime.embedded_redis import embedded_redis
from cocreatie.settings import Settings

# All bench clients share 127.0.0.1: the per-address limits (frames, new participants) would
# refuse them as one town hall behind NAT. The per-participant limits stay as shipped (ideas
# are spread over the participants).
BENCH_LIMIT = "1000000"
BENCH_ENV = {
    "COCREATIE_MESSAGES_PER_SECOND": BENCH_LIMIT, "COCREATIE_MESSAGE_BURST": BENCH_LIMIT,
    "COCREATIE_JOINS_PER_SECOND": BENCH_LIMIT, "COCREATIE_JOIN_BURST": BENCH_LIMIT,
}
EMBEDDER = "COCREATIE_EMBEDDER"
DATA_DIR = "COCREATIE_DATA_DIR"
ORGANISER_TOKEN = "COCREATIE_ORGANISER_TOKEN"
"""The bench creates its workshops with this token: the running product's, or its own for one it starts."""
READY_TIMEOUT_SECONDS = 240.0
STOP_TIMEOUT_SECONDS = 20.0
DEFAULT_EMBEDDER = str(Settings.model_fields["embedder"].default)
MODEL_CACHE = Settings().model_cache
"""The product's own defaults, for the notes: the ONNX graph is kept per user, not per data dir."""


@dataclass
class Product:
    """Where to reach the product and which processes to weigh."""

    bases: list[str]
    web_pids: list[int] = field(default_factory=list)
    worker_pids: list[int] = field(default_factory=list)
    redis_pids: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    organiser_token: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def started_product(
    folder: Path, *, url: str | None, redis_url: str | None, web_processes: int, workers: int,
    embedder: str | None = None,
) -> AsyncIterator[Product]:
    """`embedder` (torch or onnx) becomes the started product's COCREATIE_EMBEDDER; None leaves it as set."""
    if url is not None:
        yield running_product(url)
        return
    token = os.environ.get(ORGANISER_TOKEN) or secrets.token_urlsafe(32)
    # COCREATIE_DATA_DIR too, for the scaled-out processes started without `up --data-dir`.
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"} | BENCH_ENV | {
        ORGANISER_TOKEN: token, DATA_DIR: str(folder / "data"), **({EMBEDDER: embedder} if embedder else {})
    }
    notes = [
        f"per-address limits on messages and on new participants raised to {BENCH_LIMIT}/s for the bench"
        " (all sockets come from 127.0.0.1)",
        *_embedder_notes(env.get(EMBEDDER, DEFAULT_EMBEDDER), MODEL_CACHE, workers),
    ]
    started = time.monotonic()
    async with AsyncExitStack() as stack:
        if web_processes == 1:
            product = await stack.enter_async_context(_up(folder, env, redis_url, workers))
        else:
            product = await stack.enter_async_context(_scaled_out(folder, env, redis_url, web_processes, workers))
        product.notes += [*notes, f"the product was ready {time.monotonic() - started:.1f} s after it was started"]
        product.organiser_token = token
        yield product


def _embedder_notes(embedder: str, cache: Path, workers: int) -> list[str]:
    """Which embedder the workers run; whether this run exported the ONNX graph before they were ready."""
    if not workers:
        return []
    if embedder != "onnx":
        return [f"workers embed with {EMBEDDER}={embedder}"]
    cached = any(cache.glob("*.onnx"))
    return [
        f"workers embed with {EMBEDDER}=onnx; "
        + ("the ONNX graph was already in the model cache" if cached else
           f"first run exports the model to ONNX into {cache} before the workers are ready "
           "(in the ready time below); "
           "the exporting worker keeps torch loaded, so its RSS is above a cached start's")
    ]


@asynccontextmanager
async def _up(folder: Path, env: dict[str, str], redis_url: str | None, workers: int) -> AsyncIterator[Product]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = env | ({"REDIS_URL": redis_url} if redis_url else {})
    command = ["up", "--port", str(port), "--data-dir", str(folder / "data"), "--workers", str(workers)]
    with _child(command, env, folder / "up.log") as process:
        await _ready(base, process, workers, folder / "up.log")
        children = psutil.Process(process.pid).children(recursive=True)
        yield Product(
            [base],
            web_pids=_with_argument(children, "serve"),
            worker_pids=_with_argument(children, "worker"),
            redis_pids=[child.pid for child in children if "redis-server" in child.name()],
            notes=[
                f"`cocreatie up` ({'REDIS_URL' if redis_url else 'embedded Redis, appendfsync always'}),"
                f" logs in {folder}"
            ],
        )


@asynccontextmanager
async def _scaled_out(
    folder: Path, env: dict[str, str], redis_url: str | None, web_processes: int, workers: int
) -> AsyncIterator[Product]:
    async with AsyncExitStack() as stack:
        if redis_url is None:
            redis_url = await stack.enter_async_context(embedded_redis(folder / "data"))
        env = env | {"REDIS_URL": redis_url}
        bases, webs, worker_pids = [], [], []
        for number in range(web_processes):
            port = free_port()
            webs.append(
                stack.enter_context(_child(["serve", "--port", str(port)], env, folder / f"serve-{number}.log"))
            )
            bases.append(f"http://127.0.0.1:{port}")
        for number in range(workers):
            worker_pids.append(stack.enter_context(_child(["worker"], env, folder / f"worker-{number}.log")).pid)
        for number, (base, process) in enumerate(zip(bases, webs, strict=True)):
            await _ready(base, process, workers, folder / f"serve-{number}.log")
        redis_pids = [child.pid for child in psutil.Process().children() if "redis-server" in child.name()]
        yield Product(
            bases,
            [web.pid for web in webs],
            worker_pids,
            redis_pids,
            [
                f"{web_processes} x `cocreatie serve` + {workers} x `cocreatie worker` against {redis_url},"
                f" logs in {folder}"
            ],
        )


def running_product(url: str) -> Product:
    """A product someone else started: weigh the process listening on the port, and any workers."""
    port = urlsplit(url).port or 80
    web = [
        c.pid
        for c in psutil.net_connections("tcp")
        if c.laddr and c.laddr.port == port and c.status == "LISTEN" and c.pid
    ]
    workers = [p.pid for p in psutil.process_iter(["cmdline"]) if _is_worker(p.info["cmdline"] or [])]
    notes = [f"running product at {url}: its own rate limits apply"]
    return Product([url.rstrip("/")], web, workers, notes=notes, organiser_token=os.environ[ORGANISER_TOKEN])


def _is_worker(cmdline: list[str]) -> bool:
    return any("cocreatie" in part for part in cmdline) and "worker" in cmdline


def _with_argument(processes: list[psutil.Process], argument: str) -> list[int]:
    return [p.pid for p in processes if argument in p.cmdline()[3:4]]


@contextmanager
def _child(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "cocreatie", *command], env=env, stdout=output, stderr=output, start_new_session=True
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def _ready(base: str, process: subprocess.Popen[bytes], workers: int, log: Path) -> None:
    """Until /healthz says 200 (a worker is alive), or answers at all when there are no workers."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    async with httpx.AsyncClient(timeout=5) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the product exited before it was ready; see {log}")
            try:
                answer = await client.get(f"{base}/healthz")
                if answer.status_code == 200 or workers == 0:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(f"{base} not ready after {READY_TIMEOUT_SECONDS:.0f} s; see {log}")
