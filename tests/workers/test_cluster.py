from __future__ import annotations

import numpy as np
import pytest

from workers.cluster import AutoClusterer


def _blobs(sizes: list[int], seed: int = 0, spread: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(sizes), 32))
    rows = np.vstack([c + spread * rng.normal(size=(n, 32)) for c, n in zip(centres, sizes, strict=True)])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32), np.repeat(np.arange(len(sizes)), sizes)


@pytest.mark.parametrize("sizes", [[8, 8, 8], [5, 12, 7, 9, 6], [10] * 9])
def test_finds_the_number_of_groups_itself(sizes: list[int]) -> None:
    rows, truth = _blobs(sizes)
    labels = AutoClusterer().fit(rows)
    assert len(set(labels)) == len(sizes)
    for group in range(len(sizes)):
        assert len(set(labels[truth == group])) == 1


def test_a_board_cap_merges_groups_rather_than_showing_them_all() -> None:
    rows, truth = _blobs([6] * 16)
    labels = AutoClusterer(max_k=12).fit(rows)
    assert len(set(labels)) == 12
    for group in range(16):  # merged whole, never torn apart
        assert len(set(labels[truth == group])) == 1


def test_a_big_round_of_two_broad_groups_gets_a_theme_per_forty_ideas() -> None:
    rows, truth = _blobs([150, 150], spread=0.6)
    assert len(set(AutoClusterer(max_k=12).fit(rows))) == 2
    labels = AutoClusterer(max_k=12, most_per_cluster=40).fit(rows)
    assert 8 <= len(set(labels)) <= 12
    assert all(len(set(truth[labels == found])) == 1 for found in set(labels))  # split within a group only


def test_a_forced_k_is_obeyed() -> None:
    rows, _ = _blobs([8, 8, 8])
    assert len(set(AutoClusterer().fit(rows, 5))) == 5


@pytest.mark.parametrize("n", [0, 1, 3])
def test_too_few_rows_make_one_group(n: int) -> None:
    rows, _ = _blobs([n]) if n else (np.zeros((0, 32), dtype=np.float32), None)
    assert list(AutoClusterer().fit(rows)) == [0] * n


def test_k_below_one_is_refused() -> None:
    rows, _ = _blobs([4, 4])
    with pytest.raises(ValueError, match="at least 1"):
        AutoClusterer().fit(rows, 0)


def test_a_room_above_the_row_cap_is_clustered_on_a_sample_and_every_row_placed() -> None:
    rows, truth = _blobs([150, 200, 250], seed=3)
    labels = AutoClusterer(max_rows=120).fit(rows)
    assert len(labels) == len(rows) and len(set(labels)) == 3
    for group in range(3):
        assert len(set(labels[truth == group])) == 1
