"""What the draagvlak tables must show, recomputed from the scripted workshop's literal data,
not from the code: per group the support (s + 1) / (n + 2) with "s van n", and the consensus."""

from __future__ import annotations

import math

from tests.scripted_workshop import GROUPS, Expected


def estimates(truth: Expected) -> dict[str, float]:
    return {group: (truth.supporters[group] + 1) / (truth.voters[group] + 2)
            for group in GROUPS if truth.voters[group]}


def group_cells(truth: Expected) -> list[tuple[str, str]]:
    """Per group: the support and the voters behind it ("67%", "2 van 3"), or a dash."""
    support = estimates(truth)
    return [(f"{support[group]:.0%}", f"{truth.supporters[group]} van {truth.voters[group]}")
            if group in support else ("–", "") for group in GROUPS]


def consensus_cells(truth: Expected) -> tuple[str, str, str]:
    """Geometric mean, product (Dutch decimals) and weakest group."""
    support = estimates(truth)
    product = math.prod(support.values())
    weakest = min(sorted(support), key=support.__getitem__)
    return f"{product ** (1 / len(support)):.0%}", f"{product:.3f}".replace(".", ","), weakest


def group_heads(voters: dict[str, int]) -> list[tuple[str, str]]:
    return [(group, f"{voters[group]} stemmers{', te klein' if 0 < voters[group] < 3 else ''}")
            for group in GROUPS]
