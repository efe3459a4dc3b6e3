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
        ("submit -> answered (theme or told unassigned)", lat.answered, lat.never_answered, "p95 <= 1.5 s"),
        ("submit -> in a theme (ideas that end in one)", lat.themed, lat.end_unassigned, "p95 <= 1.5 s"),
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
    lines += ["", *_themes(result), *_cpu(result), *_totals(result)]
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


def _themes(result: Result) -> list[str]:
    """Where the ideas stood as the board heard it; nothing to say without workers."""
    lat, accepted = result.latencies, len(result.latencies.accepted)
    after = "unassigned after " + " / ".join(f"{delay:g} s" for delay in lat.unassigned)
    if result.settled is None:
        return [f"{after}   not measured (no workers)"]
    values = " / ".join("-" if share is None else f"{share * 100:.1f} %" for share in lat.unassigned.values())
    return [
        f"{after}   {values} of accepted ideas (not in a theme then, answered or not)",
        f"end the run unassigned  {lat.end_unassigned} of {accepted}",
        f"workers settled         {result.settled.after_posting:.1f} s after posting: {result.settled.reason}",
    ]


def _cpu(result: Result) -> list[str]:
    """Cores while posting, per process; CPU per accepted idea of web and workers."""
    cores = result.posting_cpu.cores(result.post_seconds)
    lines = [
        (f"CPU while posting       web {cores.web:.2f}, workers {cores.workers:.2f}, bench client {cores.client:.2f}, "
         f"posting phones {cores.poster:.2f} cores (of {os.cpu_count()})"),
        (f"posting phones          {result.posting_phones} in their own process (2 x max(rate / 1, burst / 10): "
         "half the per-participant limit of 1 idea/s, burst 10)"),
    ]
    accepted = len(result.latencies.accepted)
    if not accepted:
        return lines
    web = result.posting_cpu.web / accepted
    window = f"{result.post_seconds:.1f} s"
    if result.settled is None:
        return [*lines, f"CPU per idea            web {web * 1000:.1f} ms (web CPU while posting, {window} / "
                        f"{accepted} ideas accepted)"]
    workers = result.worker_cpu_to_settled / accepted
    until = result.post_seconds + result.settled.after_posting
    return [*lines, (f"CPU per idea            web {web * 1000:.1f} ms, workers {workers * 1000:.1f} ms "
                     f"(CPU seconds / {accepted} ideas accepted; web: while posting, {window}; workers: from the "
                     f"first idea posted until they settled, {until:.1f} s)")]


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
