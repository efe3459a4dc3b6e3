from __future__ import annotations

from contextlib import AsyncExitStack

import pytest

from cocreatie.errors import NotAllowed, NotFound, WrongPhase
from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Language
from cocreatie.rules.chain import seed_round
from cocreatie.stream.fold import apply, fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import collecting_room, is_event, open_phone, post_idea, receive_until, send, set_phase
from tests.scripted_workshop import scripted, theme_id

SEED_THEMES = [ev.ThemeView(id="t-fiets", label="Fietsen"), ev.ThemeView(id="t-loket", label="Loket")]


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


async def test_the_seed_command_gives_the_next_round_its_headings(
    web: str, redis_url: str, stack: AsyncExitStack
) -> None:
    """Over real sockets: what the room sees of round r2 after the facilitator's `round.seed`,
    and that a phone can answer a heading (and only a heading) of it."""
    room = await collecting_room(stack, web)
    idea = await post_idea(room.phone, "i1", "Veilige fietsroutes")
    async with connect(redis_url) as client:  # what a worker would have written
        await RedisEventStore(client).append(room.workshop.workshop_id, ev.ThemesUpdated(
            round_id="r1", themes=SEED_THEMES, assign={idea: "t-fiets"}, full=True))
    await set_phase(room.board, "vote")
    await send(room.phone, type="vote.cast", round_id="r1", dots={"t-loket": 2, "t-fiets": 1})
    await receive_until(room.phone, lambda frame: frame["type"] == "vote.accepted")
    await set_phase(room.board, "closed")

    await send(room.board, type="round.seed", round_id="r2", source_round_id="r1")
    seeded = (await receive_until(room.phone, is_event("round.seeded")))[-1]["data"]
    loket = {"theme_id": "t-loket", "label": "Loket", "prompt": "Wat betekent ‘Loket’ voor onze toekomst?"}
    fiets = {"theme_id": "t-fiets", "label": "Fietsen", "prompt": "Wat betekent ‘Fietsen’ voor onze toekomst?"}
    assert seeded == {"round_id": "r2", "source_round_id": "r1", "headings": [loket, fiets]}
    _, welcome = await open_phone(stack, room.workshop, group="politiek")
    later = welcome["snapshot"]["rounds"][1]
    assert (later["seeded_from"], later["headings"]) == ("r1", [loket, fiets])

    await set_phase(room.board, "collect", round_id="r2")
    await send(room.phone, type="idea.submit", client_id="i2", text="Een loket in elk dorp", heading="t-loket")
    answered = (await receive_until(room.board, is_event("idea.added")))[-1]["data"]
    assert (answered["round_id"], answered["heading"]) == ("r2", "t-loket")
    await send(room.phone, type="idea.submit", client_id="i3", text="Iets anders", heading="t-nope")
    refused = (await receive_until(room.phone, lambda frame: frame["type"] == "error"))[-1]
    assert refused["code"] == "not_found"


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
