"""CPU time of the processes a run weighs, read from outside (psutil and /proc), and when the
workers have gone quiet."""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench.memory import cpu_seconds
from benchmarks.bench.product import Product
from benchmarks.bench.timings import now

IDLE_SECONDS = 2.0
IDLE_CORES = 0.05
"""Workers that wanted less than this share of a core for IDLE_SECONDS have nothing left to do."""


@dataclass(frozen=True)
class Cpu:
    """CPU seconds (user + system) of web, workers, the main bench client and the posting phones' process."""

    web: float
    workers: float
    client: float
    poster: float

    def __sub__(self, earlier: Cpu) -> Cpu:
        return Cpu(self.web - earlier.web, self.workers - earlier.workers, self.client - earlier.client,
                   self.poster - earlier.poster)

    def cores(self, seconds: float) -> Cpu:
        """CPU seconds over a wall-clock window as cores (1.0 = one core busy all along)."""
        wall = max(seconds, 1e-9)
        return Cpu(self.web / wall, self.workers / wall, self.client / wall, self.poster / wall)


def read_cpu(product: Product, poster_pid: int) -> Cpu:
    return Cpu(cpu_seconds(product.web_pids), cpu_seconds(product.worker_pids), cpu_seconds([os.getpid()]),
               cpu_seconds([poster_pid]))


class IdleWatch:
    """`idle()` once the workers wanted under IDLE_CORES over the last IDLE_SECONDS.

    Wanted, not used: CPU time plus time spent runnable but waiting for a core, over all their
    threads (/proc/PID/task/TID/schedstat, Linux). The workers run niced below the web process;
    on a busy machine a worker with work to do can get almost no CPU, and would look idle."""

    def __init__(self, worker_pids: list[int]) -> None:
        self.pids = worker_pids
        self.seconds = IDLE_SECONDS
        self.samples: deque[tuple[float, float]] = deque()
        self._threads: dict[Path, float] = {}
        self._wanted = 0.0

    def idle(self) -> bool:
        stamp, wanted = now(), self._wanted_so_far()
        self.samples.append((stamp, wanted))
        while len(self.samples) > 1 and stamp - self.samples[1][0] >= self.seconds:
            self.samples.popleft()
        since, before = self.samples[0]
        return stamp - since >= self.seconds and wanted - before < IDLE_CORES * (stamp - since)

    def _wanted_so_far(self) -> float:
        """Seconds on a core or waiting for one, summed over threads as they come and go."""
        for pid in self.pids:
            for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
                try:
                    on_cpu, waiting = task.read_text().split()[:2]
                except (FileNotFoundError, ProcessLookupError):
                    continue  # the thread has ended; what it wanted is counted already
                total = (int(on_cpu) + int(waiting)) / 1e9
                self._wanted += total - self._threads.get(task, 0.0)
                self._threads[task] = total
        return self._wanted
