"""A scripted facilitator: from the board as the worker left it to the grouping a person
made by hand, in as few commands as a sensible person would send.

`plan(board, wanted)` is pure: it matches each wanted group to the theme that holds most
of its ideas (a split first when there are fewer themes than groups), renames what is
misnamed, merges a leftover theme into the theme of most of its ideas when that saves a
move, and moves the stragglers with one multi-move per destination. `perform` does one
action on the board page the way a person does it: buttons, boxes, the move dialog.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from playwright.async_api import Page, expect
from scipy.optimize import linear_sum_assignment

from tests.e2e.browser import UNASSIGNED_LANE, lane, theme_lanes


@dataclass(frozen=True)
class Board:
    """A round as the board shows it: theme id → (label, idea ids), in display order."""

    themes: dict[str, tuple[str, frozenset[str]]]
    unassigned: frozenset[str]

    @classmethod
    def of(cls, snapshot: Mapping[str, Any], round_id: str = "r1") -> Board:
        round_state = next(r for r in snapshot["rounds"] if r["id"] == round_id)
        members: dict[str, set[str]] = {theme_id: set() for theme_id in round_state["themes"]}
        unassigned: set[str] = set()
        for idea in snapshot["ideas"].values():
            if idea["round_id"] == round_id:
                members.get(idea["theme_id"], unassigned).add(idea["id"])
        return cls({theme_id: (theme["label"], frozenset(members[theme_id]))
                    for theme_id, theme in round_state["themes"].items()}, frozenset(unassigned))

    def theme_of(self, idea_id: str) -> str | None:
        return next((theme_id for theme_id, (_, ids) in self.themes.items() if idea_id in ids), None)


@dataclass(frozen=True)
class Rename:
    theme_id: str
    label: str


@dataclass(frozen=True)
class Merge:
    theme_ids: tuple[str, ...]
    """The first one stays."""


@dataclass(frozen=True)
class Split:
    theme_id: str


@dataclass(frozen=True)
class Move:
    idea_ids: frozenset[str]
    theme_id: str | None


Action = Rename | Merge | Split | Move


def same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def reached(board: Board, wanted: Mapping[str, str]) -> bool:
    """Every wanted group is exactly one theme with its name, and nothing is left unassigned."""
    groups = {name: frozenset(i for i, g in wanted.items() if g == name) for name in set(wanted.values())}
    shown = {ids: label for label, ids in board.themes.values() if ids}
    return not board.unassigned and len(shown) == len(groups) and all(
        ids in shown and same_name(shown[ids], name) for name, ids in groups.items())


def plan(board: Board, wanted: Mapping[str, str]) -> list[Action]:
    """The next actions towards `wanted` (idea id → group name)."""
    names = sorted(set(wanted.values()))
    theme_ids = [theme_id for theme_id, (_, ids) in board.themes.items() if ids]
    if len(theme_ids) < len(names):
        return [Split(_most_mixed(board, wanted, theme_ids))]
    primary = _best_themes(board, wanted, names, theme_ids)
    leftovers = [theme_id for theme_id in theme_ids if theme_id not in primary.values()]
    merges, moves = min((_corrections(board, wanted, primary, merged) for merged in _subsets(leftovers)),
                        key=lambda found: len(found[0]) + len(found[1]))
    renames: list[Action] = [Rename(theme_id, name) for name, theme_id in primary.items()
                             if not same_name(board.themes[theme_id][0], name)]
    return renames + merges + moves


def _most_mixed(board: Board, wanted: Mapping[str, str], theme_ids: list[str]) -> str:
    def misfits(theme_id: str) -> int:
        groups = [wanted[i] for i in board.themes[theme_id][1]]
        return len(groups) - max(groups.count(g) for g in set(groups))
    return max(theme_ids, key=misfits)


def _best_themes(board: Board, wanted: Mapping[str, str], names: list[str], theme_ids: list[str]) -> dict[str, str]:
    """Group name → the theme that holds most of its ideas, each theme for one group."""
    overlap = np.array([[sum(wanted[i] == name for i in board.themes[theme_id][1]) for theme_id in theme_ids]
                        for name in names])
    rows, columns = linear_sum_assignment(overlap, maximize=True)
    return {names[r]: theme_ids[c] for r, c in zip(rows, columns, strict=True)}


def _subsets(items: list[str]) -> Iterable[tuple[str, ...]]:
    for n in range(len(items) + 1):
        yield from combinations(items, n)


def _corrections(
    board: Board, wanted: Mapping[str, str], primary: Mapping[str, str], merged: tuple[str, ...]
) -> tuple[list[Action], list[Action]]:
    """Merge these leftover themes into the theme of most of their ideas, then move the rest."""
    into: dict[str, list[str]] = {}
    for theme_id in merged:
        groups = [wanted[i] for i in board.themes[theme_id][1]]
        into.setdefault(primary[max(sorted(set(groups)), key=groups.count)], []).append(theme_id)
    after = {source: target for target, sources in into.items() for source in sources}
    destinations: dict[str | None, set[str]] = {}
    for idea_id, name in wanted.items():
        now = board.theme_of(idea_id)
        now = after.get(now, now) if now else None
        if now != primary[name]:
            destinations.setdefault(primary[name], set()).add(idea_id)
    merges: list[Action] = [Merge((target, *sources)) for target, sources in into.items()]
    moves: list[Action] = [Move(frozenset(ids), target) for target, ids in destinations.items()]
    return merges, moves


async def perform(page: Page, action: Action) -> None:
    """Do one action on the board page, and wait until the board shows it."""
    match action:
        case Rename(theme_id, label):
            await lane(page, theme_id).locator(".rename").click()
            await lane(page, theme_id).locator(".rename-input").fill(label)
            await lane(page, theme_id).locator(".rename-input").press("Enter")
            await expect(lane(page, theme_id).locator(".lane-title")).to_have_text(label)
        case Merge(theme_ids):
            for theme_id in theme_ids:
                await lane(page, theme_id).locator(".merge-pick").check()
            await page.locator("#merge").click()
            for theme_id in theme_ids[1:]:
                await expect(lane(page, theme_id)).to_have_count(0)
        case Split(theme_id):
            before = await theme_lanes(page).count()
            await lane(page, theme_id).locator(".split").click()
            await expect(theme_lanes(page).nth(before)).to_be_attached(timeout=60_000)
        case Move(idea_ids, theme_id):
            await pick_cards(page, idea_ids)
            await page.locator(".pick-move").click()
            await page.locator(f'#move-targets [data-target="{theme_id or UNASSIGNED_LANE}"]').click()
            for idea_id in idea_ids:
                await expect(lane(page, theme_id or UNASSIGNED_LANE).locator(
                    f'.card-idea[data-ideas~="{idea_id}"]')).to_have_count(1)


async def pick_cards(page: Page, idea_ids: Iterable[str]) -> None:
    """Tick the cards of these ideas, opening a theme in full when a card is not in its preview."""
    for idea_id in sorted(idea_ids):
        card = page.locator(f'.card-idea[data-ideas~="{idea_id}"]')
        if await card.locator(".card-pick").is_checked():
            continue  # a duplicate of an idea already picked
        if not await card.is_visible():
            await page.locator(".lane", has=card).locator(".lane-more").click()
        await card.locator(".card-pick").check()
