from __future__ import annotations

import pytest

from cocreatie.errors import NotAllowed, NotFound, WrongPhase
from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Language
from cocreatie.rules.chain import seed_round
from cocreatie.stream.fold import apply, fold
from tests.scripted_workshop import scripted, theme_id


def before_strategy(language: Language = Language.nl) -> RoomState:
    """The scripted workshop right after the vision round closed."""
    events = scripted(language).events
    first = next(i for i, (_, event) in enumerate(events)
                 if getattr(event, "round_id", None) == "r2")
    return fold("ws-1", events[:first])


def test_vision_themes_become_strategy_questions_most_dots_first() -> None:
    seed = seed_round(before_strategy(), "r1", "r2")
    assert (seed.round_id, seed.source_round_id) == ("r2", "r1")
    assert [h.theme_id for h in seed.headings][:2] == [theme_id("dienst"), theme_id("mob")]
    assert seed.headings[0].label == "Dienstverlening dichtbij"
    assert seed.headings[0].prompt == "Hoe realiseren we ‘Dienstverlening dichtbij’?"


@pytest.mark.parametrize(
    ("language", "prompt"),
    [(Language.fr, "Comment réaliser « Mobiliteit » ?"),
     (Language.en, "How do we achieve ‘Mobiliteit’?")],
)
def test_prompts_follow_the_workshop_language(language: Language, prompt: str) -> None:
    seed = seed_round(before_strategy(language), "r1", "r2", theme_ids=[theme_id("mob")])
    assert [h.prompt for h in seed.headings] == [prompt]


def test_the_seed_fits_the_proposed_event_payload() -> None:
    seed = seed_round(before_strategy(), "r1", "r2")
    again = type(seed).model_validate_json(seed.model_dump_json())
    assert again == seed


@pytest.mark.parametrize(
    ("source", "target", "error"),
    [("r2", "r1", WrongPhase), ("r1", "nope", NotFound), ("nope", "r2", NotFound)],
)
def test_seeding_needs_a_closed_earlier_round_and_a_fresh_later_one(
    source: str, target: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        seed_round(before_strategy(), source, target)


def test_a_started_round_cannot_be_seeded() -> None:
    with pytest.raises(WrongPhase, match="not started"):
        seed_round(scripted().state, "r1", "r2")


def test_unknown_or_no_themes_are_refused() -> None:
    state = before_strategy()
    with pytest.raises(NotFound):
        seed_round(state, "r1", "r2", theme_ids=["theme-nope"])
    with pytest.raises(NotAllowed):
        seed_round(state, "r1", "r2", theme_ids=[])


def test_a_stored_seed_is_folded_into_the_target_round() -> None:
    state = before_strategy()
    assert state.rounds[1].seeded_from is None and state.rounds[1].headings == []
    seed = seed_round(state, "r1", "r2")
    apply(state, "999999999999999-0", ev.RoundSeeded(**seed.model_dump()))
    assert state.rounds[1].seeded_from == "r1"
    assert state.rounds[1].headings == seed.headings
