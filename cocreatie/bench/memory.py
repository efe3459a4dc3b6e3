"""Resident memory, CPU time and open files of the product's processes, read from outside (psutil)."""

from __future__ import annotations

import psutil

MB = 1024 * 1024


def rss_bytes(pids: list[int]) -> int:
    """Summed RSS; a process that has gone counts as zero."""
    total = 0
    for pid in pids:
        try:
            total += psutil.Process(pid).memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def open_files(pids: list[int]) -> int:
    """Summed count of /proc/PID/fd entries."""
    total = 0
    for pid in pids:
        try:
            total += psutil.Process(pid).num_fds()
        except psutil.NoSuchProcess:
            continue
    return total


def threads(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            total += psutil.Process(pid).num_threads()
        except psutil.NoSuchProcess:
            continue
    return total


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far, summed."""
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
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
