"""`cocreatie bench` runs end to end at a small size and prints its table; the server's
share of the ack comes from /metrics buckets, interpolated as Prometheus does; the posting
phones' arrivals merge with the crowd's; an idea's assignment history says where it stood."""

from __future__ import annotations

import pytest

from benchmarks.bench.assignments import Assignments, unassigned_share
from benchmarks.bench.load import Pace
from benchmarks.bench.poster_process import posting_phones
from benchmarks.bench.scrape import bucket_quantile
from benchmarks.bench.timings import Seen, Timings, latencies
from benchmarks.embedder_bench import cpu_per_idea
from tests.processes import run_cocreatie

ROW = 48  # the width of the bench table's path column
CELLS = (10, 10, 10, 7, 9)  # p50, p95, p99, n, missing: each right-aligned after a space


def test_bucket_quantile_interpolates_inside_the_bucket() -> None:
    before = {0.01: 5.0, 0.05: 5.0, float("inf"): 5.0}
    after = {0.01: 55.0, 0.05: 105.0, float("inf"): 105.0}  # 50 under 10 ms, 50 from 10 to 50 ms
    assert bucket_quantile(before, after, 0.5) == 0.01
    three_quarters = bucket_quantile(before, after, 0.75)
    assert three_quarters is not None and abs(three_quarters - 0.03) < 1e-9
    assert bucket_quantile(after, after, 0.5) is None


def _history() -> Assignments:
    """Four ideas submitted at 0.0: a placed, b told unassigned then placed, c placed then moved
    out by a full re-clustering, d never named."""
    assignments = Assignments()
    assignments.record(0.4, {"a": "t1", "b": None})
    assignments.record(0.9, {"c": "t2"})
    assignments.record(3.0, {"b": "t1", "c": None})  # a full re-clustering names only changes
    return assignments


def test_the_history_says_where_an_idea_stood_and_ends() -> None:
    history = _history()
    assert [history.answered_at(i) for i in "abcd"] == [0.4, 0.4, 0.9, None]
    assert [history.themed_at(i) for i in "abcd"] == [0.4, 3.0, 0.9, None]
    assert [history.theme_at(i, 1.5) for i in "abcd"] == ["t1", None, "t2", None]
    assert [history.theme_at(i, 5.0) for i in "abcd"] == ["t1", "t1", None, None]
    assert [history.ends_in_theme(i) for i in "abcd"] == [True, True, False, False]
    assert history.theme_at("a", 0.3) is None


def test_shares_unassigned_count_answered_and_unanswered_ideas() -> None:
    submitted = dict.fromkeys("abcd", 0.0)
    assert unassigned_share(_history(), submitted, 1.5) == 0.5  # b (told unassigned) and d (silence)
    assert unassigned_share(_history(), submitted, 5.0) == 0.5  # c (moved out) and d
    assert unassigned_share(_history(), {"a": 0.0, "b": 2.0}, 1.5) == 0.0  # each from its own submission
    assert unassigned_share(_history(), {}, 1.5) is None


def test_in_a_theme_counts_only_ideas_that_end_in_one() -> None:
    timings = Timings(
        submitted={f"x{i}": (0.0, 0) for i in "abcd"},
        accepted={f"x{i}": (0.01, i) for i in "abcd"},
        seen={i: Seen(3, 0.05) for i in "abcd"},
        assignments=_history(),
    )
    found = latencies(timings, [3], measure_themes=True)
    assert sorted(found.answered) == [0.4, 0.4, 0.9]
    assert sorted(found.themed) == [0.4, 3.0]  # c ends unassigned; b counts from its first theme
    assert (found.never_answered, found.end_unassigned) == (1, 2)
    assert found.unassigned == {1.5: 0.5, 5.0: 0.5}


def test_the_posting_phones_arrivals_add_to_the_crowds() -> None:
    crowd = Timings(seen={"e1": Seen(8, 2.0), "e2": Seen(9, 1.0)})
    posters = Timings(submitted={"b0": (0.5, 0)}, accepted={"b0": (0.6, "e1")},
                      seen={"e1": Seen(2, 3.0), "e3": Seen(1, 4.0)})
    crowd.merge(posters)
    assert crowd.seen == {"e1": Seen(10, 3.0), "e2": Seen(9, 1.0), "e3": Seen(1, 4.0)}
    assert crowd.accepted == {"b0": (0.6, "e1")} and crowd.submitted == {"b0": (0.5, 0)}
    assert latencies(crowd, [10], measure_themes=False).seen_everywhere == [2.5]


@pytest.mark.parametrize(("pace", "rooms", "sockets", "phones"), [
    (Pace(20, 30, 100, 10), 1, 1000, 40),  # the steady rate decides: 20 ideas/s, at most 0.5 per phone
    (Pace(5, 30, 300, 10), 1, 1000, 60),  # the burst decides: 300 in a second, 5 per phone of its 10
    (Pace(1, 30), 4, 1000, 4),  # one per room at least
    (Pace(20, 30, 100, 10), 1, 20, 20),  # never more than there are sockets
])
def test_enough_posting_phones_for_the_per_participant_limit(pace: Pace, rooms: int, sockets: int, phones: int) -> None:
    assert posting_phones(pace, rooms, sockets) == phones


def _cells(row: str) -> list[str]:
    """A path row's cells by column (a cell may be "-"), then its target."""
    cells, start = [], 0
    for width in CELLS:
        cells.append(row[start:start + width].strip())
        start += width
    return [*cells, row[start:].strip()]


def _table(*options: str) -> tuple[str, dict[str, list[str]], str]:
    run = run_cocreatie("bench", "--sockets", "20", "--seconds", "3", "--rate", "5", "--burst", "0", *options,
                        "--no-reference", timeout=150)
    assert run.returncode == 0, run.stderr
    table = run.stdout.decode()
    rows = {line[:ROW].strip(): _cells(line[ROW:]) for line in table.splitlines()}
    return table, rows, table.split(" sent in ")[0].rsplit(" ", 1)[1]


def test_a_small_bench_prints_every_path_with_nothing_missing() -> None:
    table, rows, sent = _table("--workers", "0")
    assert int(sent) >= 10, table
    for path in ("submit -> idea.accepted", "submit -> seen on the last socket"):
        assert rows[path][3:5] == [sent, "0"], table  # n, missing: the posting phones' arrivals merged in
    assert rows["server part of idea.accepted (/metrics buckets)"][0] != "-", table
    assert "errors                  none" in table
    assert "posting phones          10 in their own process" in table, table
    assert ", posting phones 0." in table, table  # its CPU, apart from the main client's
    assert "unassigned after 1.5 s / 5 s   not measured (no workers)" in table, table


def test_a_small_bench_with_a_worker_says_where_every_idea_stood() -> None:
    table, rows, sent = _table("--workers", "1")
    for path in ("submit -> answered (theme or told unassigned)", "submit -> in a theme (ideas that end in one)"):
        n, missing = rows[path][3:5]
        assert int(n) + int(missing) == int(sent), table
    ends = next(line for line in table.splitlines() if line.startswith("end the run unassigned"))
    assert ends.split()[-3:] == [rows["submit -> in a theme (ideas that end in one)"][4], "of", sent], table
    assert "unassigned after 1.5 s / 5 s   " in table and " % of accepted ideas" in table, table
    assert "workers settled " in table, table
    web, workers = cpu_per_idea(table)
    assert web > 0 and workers > 0, table


def test_bench_options_are_checked() -> None:
    run = run_cocreatie("bench", "--sockets", "0")
    assert run.returncode == 2 and b"--sockets must be at least --rooms" in run.stderr
    run = run_cocreatie("bench", "--url", "http://127.0.0.1:9", "--embedder", "onnx")
    assert run.returncode == 2 and b"--embedder is for the product the bench starts" in run.stderr
