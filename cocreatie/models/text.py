"""The one rule for text a person typed: ideas, names, theme labels, titles, prompts, groups.

Line breaks and tabs become a space, the text is NFC-normalised and trimmed. Then it is
refused if it holds a control character (Unicode Cc), a format character (Cf: bidi
overrides, zero-width spaces, soft hyphens), a surrogate or a noncharacter (U+FFFF), if
nothing in it is visible, or if it is too long. Two format characters are real text and
stay: the zero-width joiner U+200D (emoji sequences such as 👩‍👩‍👧, Indic scripts) and
non-joiner U+200C (Persian); and an emoji flag's tag sequence (🏴󠁧󠁢󠁳󠁣󠁴󠁿) is kept whole.
Whatever passes can be written into every export (XML, Markdown, CSV, JSON) as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator

IDEA_MAX_CHARS = 280
NAME_MAX_CHARS = 40
GROUP_MAX_CHARS = 40
LABEL_MAX_CHARS = 80
TITLE_MAX_CHARS = 200
PROMPT_MAX_CHARS = 200

LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
"""Everything `str.splitlines` breaks on, and tabs."""
JOINERS = frozenset("\u200c\u200d")
FLAG_TAGS = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,6}\U000e007f")
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols that draw nothing: the Hangul fillers and the blank braille cell."""
VISIBLE_CATEGORIES = ("L", "N", "P", "S", "Co", "Cn")
"""Letters, numbers, punctuation, symbols; private-use and code points newer than Python's
Unicode tables (new emoji) count as visible too."""


def clean(text: str, what: str, max_chars: int) -> str:
    """The text by the rule above, or ValueError saying what is wrong with `what`."""
    text = unicodedata.normalize("NFC", LINE_BREAKS.sub(" ", text)).strip()
    _refuse_hidden(FLAG_TAGS.sub("", text), what)
    if not text:
        raise ValueError(f"the {what} is empty")
    if not any(_visible(char) for char in text):
        raise ValueError(f"the {what} has no visible characters")
    if len(text) > max_chars:
        raise ValueError(f"the {what} is longer than {max_chars} characters")
    return text


def _refuse_hidden(text: str, what: str) -> None:
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            raise ValueError(f"the {what} contains control characters ({_code(char)})")
        if category == "Cf" and char not in JOINERS:
            raise ValueError(f"the {what} contains invisible format characters ({_code(char)})")
        if category == "Cs" or _noncharacter(char):
            raise ValueError(f"the {what} contains a code point that is not text ({_code(char)})")


def _visible(char: str) -> bool:
    return unicodedata.category(char).startswith(VISIBLE_CATEGORIES) and char not in BLANK_LETTERS


def _noncharacter(char: str) -> bool:
    point = ord(char)
    return 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


@dataclass(frozen=True)
class TextRule:
    """`clean` for one kind of text, as a pydantic validator."""

    what: str
    max_chars: int

    def __call__(self, text: str) -> str:
        return clean(text, self.what, self.max_chars)


clean_idea = TextRule("idea", IDEA_MAX_CHARS)

IdeaText = Annotated[str, AfterValidator(clean_idea)]
ParticipantName = Annotated[str, AfterValidator(TextRule("name", NAME_MAX_CHARS))]
GroupName = Annotated[str, AfterValidator(TextRule("group", GROUP_MAX_CHARS))]
ThemeLabel = Annotated[str, AfterValidator(TextRule("label", LABEL_MAX_CHARS))]
Title = Annotated[str, AfterValidator(TextRule("title", TITLE_MAX_CHARS))]
Prompt = Annotated[str, AfterValidator(TextRule("prompt", PROMPT_MAX_CHARS))]
