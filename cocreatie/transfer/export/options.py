"""What an export may reveal, and how its CSV is split: hidden ideas and display names stay out
unless asked for; the CSV uses the separator a spreadsheet in the workshop's language expects."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cocreatie.errors import InvalidMessage
from cocreatie.models.workshop import Language


class Separator(StrEnum):
    """The CSV's field separator, named as the export route's `separator` parameter takes it."""

    comma = ","
    semicolon = ";"


SEPARATORS = {Language.nl: Separator.semicolon, Language.fr: Separator.semicolon, Language.en: Separator.comma}
"""A Belgian (Dutch or French) Excel splits on semicolons, an English one on commas."""


@dataclass(frozen=True)
class Options:
    include_hidden: bool = False
    include_names: bool = False
    separator: Separator | None = None
    """None: the workshop language's (SEPARATORS)."""

    def csv_separator(self, language: Language) -> Separator:
        return self.separator or SEPARATORS[language]


def separator_named(name: str | None) -> Separator | None:
    """The `separator` parameter: `comma` or `semicolon`; absent or empty means the language's."""
    if not name:
        return None
    if name not in Separator.__members__:
        raise InvalidMessage(f"unknown separator {name!r}; choose one of {', '.join(Separator.__members__)}")
    return Separator[name]
