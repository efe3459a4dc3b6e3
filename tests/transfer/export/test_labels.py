from __future__ import annotations

import string
from dataclasses import fields

import pytest

from cocreatie.models.workshop import Language, RoundKind
from cocreatie.transfer.export.labels import CATALOGUE, NL, Labels


def placeholders(value: object) -> set[str]:
    texts = value if isinstance(value, tuple) else (value,)
    return {name for text in texts if isinstance(text, str)
            for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", list(Language))
def test_every_language_fills_the_same_blanks(language: Language) -> None:
    labels: Labels = CATALOGUE[language]
    for field in fields(Labels):
        ours, dutch = getattr(labels, field.name), getattr(NL, field.name)
        assert placeholders(ours) == placeholders(dutch), field.name
    assert set(labels.kinds) == set(RoundKind)
    assert len(labels.method_text) == len(NL.method_text)


def test_one_dot_or_many() -> None:
    assert (NL.dot_count(1), NL.dot_count(3)) == ("1 stip", "3 stippen")
