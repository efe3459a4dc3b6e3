"""Resident memory, CPU time and open files of the product's processes, read from outside (psutil)."""

from __future__ import annotations

from collections.abc import Callable

import psutil

MB = 1024 * 1024


def rss_bytes(pids: list[int]) -> int:
    """Summed RSS."""
    return int(_summed(pids, lambda process: process.memory_info().rss))


def open_files(pids: list[int]) -> int:
    """Summed count of /proc/PID/fd entries."""
    return int(_summed(pids, psutil.Process.num_fds))


def threads(pids: list[int]) -> int:
    return int(_summed(pids, psutil.Process.num_threads))


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far, summed."""
    return _summed(pids, _cpu)


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _summed(pids: list[int], read: Callable[[psutil.Process], float]) -> float:
    """One reading summed over processes; a process that has gone counts as zero."""
    total = 0.0
    for pid in pids:
        try:
            total += read(psutil.Process(pid))
        except psutil.NoSuchProcess:
            continue
    return total


class PeakRss:
    """The highest summed RSS seen over repeated samples."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.peak = 0

    def sample(self) -> int:
        value = rss_bytes(self.pids)
        self.peak = max(self.peak, value)
        return value
