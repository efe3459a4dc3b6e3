"""Chained rounds: the themes of a closed round become the headings of a later one.

Mission → vision → strategy: e.g. each vision theme becomes a strategy heading with the
prompt "Hoe realiseren we ‘…’?". `seed_round` is pure; the caller stores its result as
an event (`round.seeded`, carrying exactly the fields of `RoundSeed`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from cocreatie.errors import NotAllowed, NotFound, WrongPhase
from cocreatie.models.state import RoomState, RoundState
from cocreatie.models.workshop import Heading, Language, Phase, RoundKind
from cocreatie.rules.votes import tally

PROMPTS: dict[Language, dict[RoundKind, str]] = {
    Language.nl: {
        RoundKind.mission: "Waarom is ‘{label}’ belangrijk voor ons?",
        RoundKind.vision: "Wat betekent ‘{label}’ voor onze toekomst?",
        RoundKind.strategy: "Hoe realiseren we ‘{label}’?",
        RoundKind.free: "Welke ideeën heb je bij ‘{label}’?",
    },
    Language.fr: {
        RoundKind.mission: "Pourquoi « {label} » est-il important pour nous ?",
        RoundKind.vision: "Que signifie « {label} » pour notre avenir ?",
        RoundKind.strategy: "Comment réaliser « {label} » ?",
        RoundKind.free: "Quelles idées avez-vous sur « {label} » ?",
    },
    Language.en: {
        RoundKind.mission: "Why does ‘{label}’ matter to us?",
        RoundKind.vision: "What does ‘{label}’ mean for our future?",
        RoundKind.strategy: "How do we achieve ‘{label}’?",
        RoundKind.free: "What ideas do you have about ‘{label}’?",
    },
}


class RoundSeed(BaseModel):
    """What the `round.seeded` event carries."""

    model_config = ConfigDict(frozen=True)

    round_id: str
    source_round_id: str
    headings: list[Heading]


def seed_round(
    state: RoomState,
    source_round_id: str,
    round_id: str,
    *,
    theme_ids: Sequence[str] | None = None,
) -> RoundSeed:
    """Headings for `round_id` from the themes of the closed `source_round_id`.

    Without `theme_ids`, the themes that got dots are carried over, most dots first (all
    themes when none got any); with them, those themes in that order (the facilitator's choice).
    """
    source, target = state.require_round(source_round_id), state.require_round(round_id)
    if source.phase is not Phase.closed:
        raise WrongPhase("only the themes of a closed round can seed another round")
    if target.phase is not Phase.draft:
        raise WrongPhase("only a round that has not started yet can be seeded")
    if state.rounds.index(target) <= state.rounds.index(source):
        raise NotAllowed("a round can only be seeded from an earlier round")
    chosen = list(theme_ids) if theme_ids is not None else _by_support(source)
    if not chosen:
        raise NotAllowed("the source round has no themes to carry over")
    template = PROMPTS[state.language][target.kind]
    headings = []
    for theme_id in chosen:
        theme = source.themes.get(theme_id)
        if theme is None:
            raise NotFound(f"no theme {theme_id!r} in round {source_round_id!r}")
        headings.append(Heading(theme_id=theme_id, label=theme.label,
                                prompt=template.format(label=theme.label)))
    return RoundSeed(round_id=round_id, source_round_id=source_round_id, headings=headings)


def _by_support(round_state: RoundState) -> list[str]:
    dots = tally(round_state)
    supported = [theme_id for theme_id, n in dots.items() if n > 0] or list(dots)
    return sorted(supported, key=lambda t: (-dots[t], round_state.themes[t].label.casefold()))
