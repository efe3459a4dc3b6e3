"""What the web processes say about themselves in /metrics: sockets they closed, and how
long they took to answer client messages (the server's share of submit -> idea.accepted)."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

Buckets = dict[float, float]
"""Upper bound in seconds -> cumulative count, summed over the web processes."""


async def _families(bases: list[str]) -> list[tuple[str, str, dict[str, str], float]]:
    """(metric, sample name, labels, value) of every web process."""
    samples = []
    async with httpx.AsyncClient(timeout=10) as client:
        for base in bases:
            text = (await client.get(f"{base}/metrics")).text
            for family in text_string_to_metric_families(text):
                samples += [(family.name, s.name, s.labels, s.value) for s in family.samples]
    return samples


async def dropped_sockets(bases: list[str]) -> dict[str, float]:
    """`cocreatie_sockets_dropped_total` by close code, summed over the web processes."""
    dropped: dict[str, float] = {}
    for _, name, labels, value in await _families(bases):
        if name == "cocreatie_sockets_dropped_total":
            dropped[labels["code"]] = dropped.get(labels["code"], 0.0) + value
    return dropped


async def reply_buckets(bases: list[str]) -> Buckets:
    """`cocreatie_reply_seconds` buckets, summed over the web processes."""
    buckets: Buckets = {}
    for _, name, labels, value in await _families(bases):
        if name == "cocreatie_reply_seconds_bucket":
            bound = float(labels["le"])
            buckets[bound] = buckets.get(bound, 0.0) + value
    return buckets


def bucket_quantile(before: Buckets, after: Buckets, share: float) -> float | None:
    """The quantile of what was observed between two scrapes, interpolated inside its
    bucket as Prometheus' histogram_quantile does; None for nothing observed."""
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0.0) for b in bounds]
    if not counts or counts[-1] <= 0:
        return None
    rank, lower, below = share * counts[-1], 0.0, 0.0
    for bound, cumulative in zip(bounds, counts, strict=True):
        if cumulative >= rank:
            if bound == float("inf"):
                return lower
            return lower + (bound - lower) * (rank - below) / max(cumulative - below, 1e-12)
        lower, below = bound, cumulative
    return lower
