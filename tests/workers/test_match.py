from __future__ import annotations

from collections.abc import Callable

from workers.match import match_ids


def test_clusters_inherit_the_ids_they_overlap_most(new_id: Callable[[], str]) -> None:
    previous = {"a": frozenset({"1", "2", "3"}), "b": frozenset({"4", "5", "6"})}
    clusters = [frozenset({"4", "5", "6", "7"}), frozenset({"1", "2"}), frozenset({"8", "9"})]
    assert match_ids(clusters, previous, new_id) == ["b", "a", "new1"]


def test_each_old_id_is_used_once(new_id: Callable[[], str]) -> None:
    previous = {"a": frozenset({"1", "2", "3", "4"})}
    clusters = [frozenset({"1", "2"}), frozenset({"3", "4", "5"})]
    ids = match_ids(clusters, previous, new_id)
    assert sorted(ids) == ["a", "new1"]


def test_without_previous_themes_every_cluster_is_new(new_id: Callable[[], str]) -> None:
    assert match_ids([frozenset({"1"}), frozenset({"2"})], {}, new_id) == ["new1", "new2"]
