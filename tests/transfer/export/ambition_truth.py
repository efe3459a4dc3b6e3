"""What the ambitienota must show, recomputed from the ambition workshop's literal answers and
ideas, not from the code: per statement and group the support (a + 1) / (n + 2) with "a van n",
the consensus and the weakest group; per sentence the ideas of its statements' themes."""

from __future__ import annotations

import math
import re

from tests import ambition_workshop as strategy
from tests import statement_workshop as mission

GROUPS = mission.GROUPS
RANGE = re.compile(r"(\d+)–(\d+)")


def group_cells(round_id: str, key: str) -> list[tuple[str, str]]:
    """Per group: the support and its answers ("80%", "3 van 3", ", te klein" under three)."""
    cells = []
    for counts in strategy.expected_counts(round_id, key).values():
        seen = sum(counts.values())
        if not seen:
            cells.append(("–", ""))
            continue
        small = ", te klein" if seen < 3 else ""
        cells.append((f"{(counts['agree'] + 1) / (seen + 2):.0%}", f"{counts['agree']} van {seen}{small}"))
    return cells


def consensus(round_id: str, key: str) -> tuple[str, str, str]:
    """Geometric mean, product (Dutch decimals), weakest group (the first by name on a tie)."""
    support = {group: (c["agree"] + 1) / (sum(c.values()) + 2)
               for group, c in strategy.expected_counts(round_id, key).items() if sum(c.values())}
    product = math.prod(support.values())
    weakest = min(sorted(support), key=support.__getitem__)
    return f"{product ** (1 / len(support)):.0%}", f"{product:.3f}".replace(".", ","), weakest


def dividing(key: str) -> bool:
    return key in strategy.DIVIDING


def statement_line(round_id: str, key: str) -> str:
    """The line under a sentence, written out from the numbers above."""
    parts = [f"{group} {support} ({detail})" if detail else f"{group} {support}"
             for group, (support, detail) in zip(GROUPS, group_cells(round_id, key), strict=True)]
    mean, product, weakest = consensus(round_id, key)
    parts += [f"consensus {mean} ({product})", f"zwakste groep: {weakest}"]
    return " · ".join(parts + (["verdeeld"] if dividing(key) else []))


def statement_key(round_id: str, number: int) -> str:
    """The statement a report numbers `number` in its round (the facilitator's order)."""
    return strategy.statement_order()[round_id][number - 1]


def statement_text(round_id: str, key: str) -> str:
    if round_id == "r1":
        return mission.EDITED.get(key, mission.STATEMENTS[key][0])
    return strategy.STATEMENTS[key][0]


def ideas_behind(round_id: str, keys: tuple[str, ...], *, include_hidden: bool = False) -> dict[str, str]:
    """The texts of the ideas in the themes of those statements, with their author's group."""
    themes = {theme for key in keys for theme in strategy.statement_themes(round_id, key)}
    ideas = mission.IDEAS if round_id == "r1" else strategy.IDEAS
    return {text: mission.GROUP_OF[pid] for pid, text, theme, hidden in ideas
            if theme in themes and (include_hidden or not hidden)}


def hidden_texts() -> set[str]:
    return {text for _, text, _, hidden in (*mission.IDEAS, *strategy.IDEAS) if hidden}


def numbers(refs: str) -> set[int]:
    """The numbers of a reference: "[ideeën 1–3, 7]" → {1, 2, 3, 7}; "[geen ideeën]" → {}."""
    found: set[int] = set()
    for part in refs.strip("[]").split(" ", 1)[-1].split(", "):
        if run := RANGE.fullmatch(part):
            found.update(range(int(run[1]), int(run[2]) + 1))
        elif part.isdigit():
            found.add(int(part))
    return found


def statement_number(round_id: str, key: str) -> int:
    return strategy.statement_order()[round_id].index(key) + 1


def served(round_id: str, key: str) -> list[str]:
    """The mission statements a strategy statement serves, by key."""
    return strategy.STATEMENTS[key][2] if round_id == "r2" else []


def all_ideas_behind() -> set[str]:
    """Every idea any statement of the workshop draws on (the appendix, without hidden ones)."""
    return {text for round_id, keys in strategy.statement_order().items()
            for text in ideas_behind(round_id, keys)}
