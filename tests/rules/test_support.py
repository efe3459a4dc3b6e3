"""DESIGN §8's arithmetic on worked examples: support per group, consensus, dividing."""

from __future__ import annotations

import pytest

from cocreatie.rules.support import Answers, consensus, dividing, support, z_score


def _answers(agree: int, disagree: int, seen: int) -> Answers:
    return Answers(agree=agree, disagree=disagree, passed=seen - agree - disagree)


WORKED = {
    "politiek": _answers(5, 0, 6),
    "administratie": _answers(8, 1, 10),
    "burger": _answers(20, 6, 30),
    "partner": _answers(2, 1, 4),
}


def test_the_support_of_each_group_is_pol_is_estimate() -> None:
    found = {group: round(support(answers), 3) for group, answers in WORKED.items()}
    assert found == {"politiek": 0.75, "administratie": 0.75, "burger": 0.656, "partner": 0.5}


def test_the_consensus_is_the_product_and_its_geometric_mean_with_the_weakest_group() -> None:
    found = consensus(WORKED)
    assert found is not None
    assert round(found.product, 3) == 0.185
    assert round(found.geometric_mean, 3) == 0.655
    assert found.weakest_group == "partner"


def test_a_group_without_answers_is_left_out_and_no_answers_mean_no_consensus() -> None:
    with_silent = consensus({**WORKED, "jeugd": Answers()})
    assert with_silent == consensus(WORKED)
    assert consensus({"jeugd": Answers()}) is None


def test_groups_that_agree_alike_do_not_divide() -> None:
    assert not dividing(WORKED)


def test_a_group_that_disagrees_with_the_rest_divides() -> None:
    groups = {"politiek": _answers(0, 6, 6), "burger": _answers(9, 1, 10), "administratie": _answers(8, 1, 9)}
    assert z_score(groups["politiek"], Answers(agree=17, disagree=2)) == pytest.approx(-3.707, abs=0.001)
    assert dividing(groups)


def test_a_group_of_two_answers_takes_no_part_in_the_dividing_test() -> None:
    groups = {"partner": _answers(0, 2, 2), "burger": _answers(9, 1, 10), "administratie": _answers(8, 1, 9)}
    assert groups["partner"].too_small
    assert not dividing(groups)
    assert dividing({**groups, "partner": _answers(0, 3, 3)})


def test_one_readable_group_divides_from_nothing() -> None:
    assert not dividing({"burger": _answers(10, 0, 10), "partner": _answers(0, 2, 2)})


def test_answers_read_and_write_the_protocol_word_pass() -> None:
    answers = _answers(1, 2, 4)
    assert answers.model_dump(by_alias=True) == {"agree": 1, "disagree": 2, "pass": 1}
    assert Answers.model_validate({"agree": 1, "disagree": 2, "pass": 1}) == answers
