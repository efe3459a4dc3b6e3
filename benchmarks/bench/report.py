"""The bench table: latency percentiles per path, against the DESIGN §6 targets, then
throughput, errors and memory."""

from __future__ import annotations

import os

from benchmarks.bench.memory import MB
from benchmarks.bench.reference import Reference
from benchmarks.bench.scenario import Result
from benchmarks.bench.scrape import bucket_quantile
from benchmarks.bench.timings import percentile

SHARES = (0.50, 0.95, 0.99)


def table(title: str, notes: list[str], result: Result, reference: Reference | None) -> str:
    lat = result.latencies
    rows = [
        ("submit -> idea.accepted", lat.accepted, lat.not_accepted, "p99 <= 50 ms"),
        ("submit -> seen on the last socket", lat.seen_everywhere, lat.not_seen_everywhere, "p99 <= 300 ms"),
        ("submit -> worker answered (theme or unassigned)", lat.answered, lat.never_answered, ""),
        ("submit -> in a theme", lat.themed, len(lat.accepted) - len(lat.themed), "p95 <= 1.5 s"),
    ]
    if reference is not None:
        rows.append(("reference: broadcast -> last socket", reference.seen_everywhere, reference.missing, ""))
    lines = [title, *(f"  note: {note}" for note in notes), ""]
    lines.append(f"{'path':<48} {'p50':>9} {'p95':>9} {'p99':>9} {'n':>6} {'missing':>8}  target")
    for name, values, missing, target in rows:
        cells = " ".join(f"{_ms(percentile(values, share)):>9}" for share in SHARES)
        lines.append(f"{name:<48} {cells} {len(values):>6} {missing:>8}  {target}")
    before, after = result.replies
    server = " ".join(f"{_ms(bucket_quantile(before, after, share)):>9}" for share in SHARES)
    lines.append(f"{'server part of idea.accepted (/metrics buckets)':<48} {server}")
    if reference is not None:
        lines.append(_ratio(lat.seen_everywhere, reference.seen_everywhere))
    lines += ["", *_totals(result)]
    if reference is not None:
        lines.append(f"reference server CPU    {reference.server_cores:.2f} cores while sending the same frames")
    return "\n".join(lines)


def _ratio(ours: list[float], bare: list[float]) -> str:
    cells = []
    for share in SHARES:
        mine, theirs = percentile(ours, share), percentile(bare, share)
        cells.append(f"{mine / theirs:>9.2f}" if mine is not None and theirs else f"{'-':>9}")
    return f"{'ratio fan-out / reference':<48} {' '.join(cells)} {'':>6} {'':>8}  goal <= 1.5"


def _totals(result: Result) -> list[str]:
    errors = ", ".join(f"{code}: {count}" for code, count in result.errors.most_common()) or "none"
    sockets = sum(result.sockets_per_room)
    return [
        (f"ideas/s achieved        {result.ideas_per_second:.1f} ({len(result.latencies.accepted)} accepted of "
         f"{result.submitted} sent in {result.post_seconds:.1f} s)"),
        f"errors                  {errors}",
        f"closed by the server    {_dropped(result)}",
        (f"CPU while posting       web {result.cpu_share[0]:.2f}, workers {result.cpu_share[1]:.2f}, bench client "
         f"{result.cpu_share[2]:.2f} cores (of {os.cpu_count()})"),
        (f"connect                 {sockets} sockets ({'+'.join(map(str, result.sockets_per_room))}) "
         f"in {result.connect_seconds:.1f} s"),
        (f"web RSS                 {result.web_rss_before / MB:.0f} MB before the phones, "
         f"{result.web_rss_idle / MB:.0f} MB with them idle, {result.web_rss_peak / MB:.0f} MB peak under load"),
        f"memory per socket       {result.bytes_per_socket / 1024:.1f} KB (target <= 50 KB per idle socket)",
        f"worker RSS              {result.worker_rss_peak / MB:.0f} MB peak (all workers)",
        (f"redis RSS               {result.redis_rss_peak / MB:.0f} MB peak" if result.redis_rss_peak else
         "redis RSS               not measured (not started by the bench)"),
        f"idea.added frame        {result.frame_bytes} bytes (median)",
        f"full re-clusters        {_reclusters(result)}",
    ]


def _dropped(result: Result) -> str:
    names = {"4008": "too slow", "1011": "server error"}
    found = [f"{int(n)} with {code} ({names.get(code, 'other')})" for code, n in sorted(result.dropped.items()) if n]
    return ", ".join(found) or "none"


def _reclusters(result: Result) -> str:
    during = [at for at in result.reclusters if at <= result.post_seconds]
    when = ", ".join(f"{at:.1f}" for at in result.reclusters[:8]) or "none"
    return f"{len(during)} while posting ({result.post_seconds:.0f} s), {len(result.reclusters)} in all; at s: {when}"


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
