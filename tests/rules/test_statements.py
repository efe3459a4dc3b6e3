"""Support per stakeholder group (DESIGN §8) on worked examples, and per statement of a folded round."""

from __future__ import annotations

import pytest

from cocreatie.errors import NotFound, WrongPhase
from cocreatie.rules.statements import answerable, idea_ids, round_support, statement_reports, statement_support
from cocreatie.rules.support import DIVIDING_Z, Answers, consensus, dividing, support, z_score
from cocreatie.stream.fold import fold
from tests.statement_workshop import GROUPS, IDEAS, STATEMENTS, expected_counts, statement_round

WORKED = {  # the example: (agree, disagree, seen)
    "politiek": (5, 0, 6), "administratie": (8, 1, 10), "burger": (20, 6, 30), "partner": (2, 1, 4),
}


def answers(agree: int, disagree: int, seen: int) -> Answers:
    return Answers(agree=agree, disagree=disagree, passed=seen - agree - disagree)


def test_the_worked_example() -> None:
    groups = {group: answers(*counts) for group, counts in WORKED.items()}
    assert {group: round(support(a), 3) for group, a in groups.items()} == {
        "politiek": 0.75, "administratie": 0.75, "burger": 0.656, "partner": 0.5,
    }
    found = consensus(groups)
    assert found is not None
    assert (round(found.product, 3), round(found.geometric_mean, 3), found.weakest_group) == (0.185, 0.655, "partner")


def test_a_group_that_disagrees_with_the_rest_divides() -> None:
    groups = {"politiek": answers(3, 0, 3), "administratie": answers(3, 0, 3), "burger": answers(0, 3, 3)}
    assert z_score(groups["burger"], answers(6, 0, 6)) == pytest.approx(-2.433, abs=1e-3)
    assert dividing(groups)


def test_a_group_of_two_answers_takes_no_part_in_the_dividing_test() -> None:
    even = {group: answers(2, 1, 3) for group in ("politiek", "administratie", "burger")}
    partner = answers(0, 2, 2)
    assert abs(z_score(partner, answers(6, 3, 9))) > DIVIDING_Z  # it would divide, counted in
    assert not dividing(even | {"partner": partner})
    assert partner.too_small
    with_partner = consensus(even | {"partner": partner})
    assert with_partner is not None and with_partner.weakest_group == "partner"  # but it counts in the consensus


def test_no_answers_no_consensus() -> None:
    assert consensus({group: Answers() for group in GROUPS}) is None


def test_a_folded_round_counts_each_participant_once_per_statement() -> None:
    stream = statement_round()
    state = fold("ws", stream.entries)
    found = round_support(state, state.rounds[0])
    assert list(found) == [s.id for s in state.rounds[0].statements]
    for key in ("dienst", "groen", "eigen"):
        counts = found[stream.statement_ids[key]].model_dump(by_alias=True)["answers"]
        assert counts == expected_counts(key), key  # b1's first answer to dienst is replaced
    assert [found[stream.statement_ids[key]].dividing for key in ("dienst", "groen")] == [True, False]
    assert stream.statement_ids["weg"] not in found


def test_one_statement_counted_alone_is_what_the_round_count_gives_it() -> None:
    stream = statement_round()
    state = fold("ws", stream.entries)
    round_state = state.rounds[0]
    whole = round_support(state, round_state)
    assert {s.id: statement_support(state, round_state, s.id) for s in round_state.statements} == whole
    assert any(support.consensus for support in whole.values())


def test_a_statement_reaches_the_ideas_of_its_themes_hidden_ones_only_when_asked() -> None:
    stream = statement_round()
    state = fold("ws", stream.entries)
    dienst = state.rounds[0].statement(stream.statement_ids["dienst"])
    assert dienst is not None
    in_dienst = [i for i, idea in zip(stream.idea_ids, IDEAS, strict=True) if idea[2] == "t-dienst"]
    visible = [i for i, idea in zip(stream.idea_ids, IDEAS, strict=True) if idea[2] == "t-dienst" and not idea[3]]
    assert idea_ids(state, dienst, include_hidden=True) == in_dienst
    assert idea_ids(state, dienst, include_hidden=False) == visible != in_dienst
    own = next(r for r in statement_reports(state, state.rounds[0], include_hidden=False) if not r.theme_ids)
    assert (own.text, own.idea_ids) == ("Elke deelgemeente houdt haar eigen feesten en kermis", [])


def test_answers_are_taken_only_in_the_vote_phase_of_a_known_statement() -> None:
    stream = statement_round()
    voting = next(n for n, (_, event) in enumerate(stream.entries) if getattr(event, "phase", None) == "vote")
    before, during = fold("ws", stream.entries[:voting]), fold("ws", stream.entries[: voting + 1])
    statement_id = stream.statement_ids["dienst"]
    assert answerable(during, statement_id).id == "r1"
    with pytest.raises(WrongPhase, match="answering is closed: the round is in phase cluster"):
        answerable(before, statement_id)
    with pytest.raises(WrongPhase, match="in phase closed"):
        answerable(fold("ws", stream.entries), statement_id)
    with pytest.raises(NotFound, match="no statement"):
        answerable(during, "1-1")
    assert set(STATEMENTS) == set(stream.statement_ids)
