"""Support per stakeholder group (DESIGN §8): Pol.is' estimate per group, the
group-informed consensus, and the test that marks a statement as dividing.

The same arithmetic serves statements (agree among all answers, passes included) and dot
votes (a group's voters who put a dot on the theme among all its voters).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

MIN_ANSWERS = 3
"""A group with fewer answers is shown, marked too small to read, counts in the consensus,
and takes no part in the dividing test."""
DIVIDING_Z = 1.2816
"""|z| above this divides (Pol.is' 90 % threshold)."""


class Answers(BaseModel):
    """One group's answers to one statement."""

    model_config = ConfigDict(frozen=True)

    agree: int = Field(default=0, ge=0)
    disagree: int = Field(default=0, ge=0)
    passed: int = Field(
        default=0, ge=0, serialization_alias="pass", validation_alias=AliasChoices("pass", "passed")
    )

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passed

    @property
    def too_small(self) -> bool:
        return self.seen < MIN_ANSWERS


class Consensus(BaseModel):
    model_config = ConfigDict(frozen=True)

    product: float
    geometric_mean: float
    weakest_group: str


def support(answers: Answers) -> float:
    """P_g = (A_g + 1) / (S_g + 2)."""
    return (answers.agree + 1) / (answers.seen + 2)


def consensus(groups: Mapping[str, Answers]) -> Consensus | None:
    """The product and geometric mean of P_g over the groups with an answer, and the group
    with the lowest P_g (the first by name on a tie); None with no answers at all."""
    answered = {group: support(answers) for group, answers in sorted(groups.items()) if answers.seen}
    if not answered:
        return None
    product = math.prod(answered.values())
    weakest = min(answered, key=lambda group: answered[group])
    return Consensus(product=product, geometric_mean=product ** (1 / len(answered)), weakest_group=weakest)


def dividing(groups: Mapping[str, Answers]) -> bool:
    """Some group of at least MIN_ANSWERS answers agrees differently from the others pooled
    (only readable groups count, as g and in the rest: with one, nothing divides)."""
    readable = {group: answers for group, answers in groups.items() if not answers.too_small}
    if len(readable) < 2:
        return False
    return any(abs(z_score(answers, _rest(readable, group))) > DIVIDING_Z for group, answers in readable.items())


def z_score(group: Answers, rest: Answers) -> float:
    """The two-proportion z of the group's agreement against the rest's, 1 added to each count."""
    a1, f1 = group.agree + 1, group.seen - group.agree + 1
    a2, f2 = rest.agree + 1, rest.seen - rest.agree + 1
    n1, n2 = a1 + f1, a2 + f2
    pooled = (a1 + a2) / (n1 + n2)
    return (a1 / n1 - a2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))


def _rest(groups: Mapping[str, Answers], left_out: str) -> Answers:
    others = [answers for group, answers in groups.items() if group != left_out]
    return Answers(
        agree=sum(a.agree for a in others),
        disagree=sum(a.disagree for a in others),
        passed=sum(a.passed for a in others),
    )
