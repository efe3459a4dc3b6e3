from __future__ import annotations

import pytest

from workers.language import Language
from workers.parts_of_speech import Part, parts_of_speech


@pytest.mark.parametrize(
    ("word", "language", "part"),
    [
        ("gemeentegrens", "nl", Part.NOUN),
        ("personeel", "nl", Part.NOUN),
        ("regionale", "nl", Part.ADJECTIVE),
        ("digitaal", "nl", Part.ADJECTIVE),
        ("stopt", "nl", Part.VERB),
        ("bundelen", "nl", Part.INFINITIVE),
        ("commune", "fr", Part.NOUN),
        ("travailler", "fr", Part.VERB),
        ("rapide", "fr", Part.ADJECTIVE),
    ],
)
def test_parts_of_speech(word: str, language: Language, part: Part) -> None:
    assert parts_of_speech().part(word, language) is part
