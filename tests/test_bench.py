"""`cocreatie bench` runs end to end at a small size and prints its table; the server's
share of the ack comes from /metrics buckets, interpolated as Prometheus does."""

from __future__ import annotations

import subprocess
import sys

from cocreatie.bench.scrape import bucket_quantile


def test_bucket_quantile_interpolates_inside_the_bucket() -> None:
    before = {0.01: 5.0, 0.05: 5.0, float("inf"): 5.0}
    after = {0.01: 55.0, 0.05: 105.0, float("inf"): 105.0}  # 50 under 10 ms, 50 from 10 to 50 ms
    assert bucket_quantile(before, after, 0.5) == 0.01
    assert abs(bucket_quantile(before, after, 0.75) - 0.03) < 1e-9
    assert bucket_quantile(after, after, 0.5) is None


def test_a_small_bench_prints_every_path_with_nothing_missing() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "cocreatie", "bench", "--sockets", "20", "--seconds", "3", "--rate", "5",
         "--burst", "0", "--workers", "0", "--no-reference"],
        capture_output=True, text=True, timeout=110, check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = {line[:48].strip(): line[48:].split() for line in run.stdout.splitlines()}
    sent = run.stdout.split(" sent in ")[0].rsplit(" ", 1)[1]
    assert int(sent) >= 10, run.stdout
    for path in ("submit -> idea.accepted", "submit -> seen on the last socket"):
        assert rows[path][6:8] == [sent, "0"], run.stdout  # n, missing
    assert rows["server part of idea.accepted (/metrics buckets)"][0] != "-", run.stdout
    assert "errors                  none" in run.stdout


def test_bench_options_are_checked() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "cocreatie", "bench", "--sockets", "0"], capture_output=True, text=True, check=False,
    )
    assert run.returncode == 2 and "--sockets must be at least --rooms" in run.stderr
