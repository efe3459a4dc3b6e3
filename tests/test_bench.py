"""`cocreatie bench` runs end to end at a small size and prints its table; the server's
share of the ack comes from /metrics buckets, interpolated as Prometheus does."""

from __future__ import annotations

from benchmarks.bench.scrape import bucket_quantile
from tests.processes import run_cocreatie


def test_bucket_quantile_interpolates_inside_the_bucket() -> None:
    before = {0.01: 5.0, 0.05: 5.0, float("inf"): 5.0}
    after = {0.01: 55.0, 0.05: 105.0, float("inf"): 105.0}  # 50 under 10 ms, 50 from 10 to 50 ms
    assert bucket_quantile(before, after, 0.5) == 0.01
    assert abs(bucket_quantile(before, after, 0.75) - 0.03) < 1e-9
    assert bucket_quantile(after, after, 0.5) is None


def test_a_small_bench_prints_every_path_with_nothing_missing() -> None:
    run = run_cocreatie("bench", "--sockets", "20", "--seconds", "3", "--rate", "5", "--burst", "0", "--workers", "0",
                        "--no-reference", timeout=110)
    assert run.returncode == 0, run.stderr
    table = run.stdout.decode()
    rows = {line[:48].strip(): line[48:].split() for line in table.splitlines()}
    sent = table.split(" sent in ")[0].rsplit(" ", 1)[1]
    assert int(sent) >= 10, table
    for path in ("submit -> idea.accepted", "submit -> seen on the last socket"):
        assert rows[path][6:8] == [sent, "0"], table  # n, missing
    assert rows["server part of idea.accepted (/metrics buckets)"][0] != "-", table
    assert "errors                  none" in table


def test_bench_options_are_checked() -> None:
    run = run_cocreatie("bench", "--sockets", "0")
    assert run.returncode == 2 and b"--sockets must be at least --rooms" in run.stderr
