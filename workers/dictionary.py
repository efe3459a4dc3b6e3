"""A bilingual dictionary read from FreeDict's dictd files (installed by the Debian packages).

The data is GPL and stays in the Debian package (`dict-freedict-nld-eng`,
`dict-freedict-fra-eng`); nothing is copied into the repository.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

from cocreatie.errors import ConfigError

DICTD_DIR = Path("/usr/share/dictd")
PACKAGES = {"nl": "dict-freedict-nld-eng", "fr": "dict-freedict-fra-eng"}
FILES = {"nl": "freedict-nld-eng", "fr": "freedict-fra-eng"}

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SENSE_NUMBER = re.compile(r"^\d+\.\s*")
_HEADER_NOISE = re.compile(r"\s*(/[^/]*/)?\s*(<[^>]*>)?\s*$")


class DictionaryMissing(ConfigError):
    """The FreeDict data for a language is not installed."""


@dataclass(frozen=True)
class Dictionary:
    """Headword (lower case) → English translations, in the dictionary's order."""

    language: str
    entries: dict[str, tuple[str, ...]]

    def translations(self, word: str) -> tuple[str, ...]:
        return self.entries.get(word, ())

    def __contains__(self, word: object) -> bool:
        return word in self.entries


def load_dictionary(language: str, directory: Path = DICTD_DIR) -> Dictionary:
    """Parse `<directory>/freedict-<lang>-eng.{index,dict.dz}` into a Dictionary."""
    if language not in FILES:
        raise ValueError(f"no dictionary for language {language!r}; known: {sorted(FILES)}")
    index = directory / f"{FILES[language]}.index"
    data = directory / f"{FILES[language]}.dict.dz"
    if not index.exists() or not data.exists():
        raise DictionaryMissing(
            f"{index} not found: install it with `apt-get install {PACKAGES[language]}`"
        )
    body = gzip.decompress(data.read_bytes())
    entries: dict[str, list[str]] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00-database"):
            continue
        headword = parts[0].strip().lower()
        start, length = _decode(parts[1]), _decode(parts[2])
        text = body[start : start + length].decode("utf-8")
        senses = entries.setdefault(headword, [])
        senses.extend(s for s in _translations(text) if s not in senses)
    return Dictionary(language, {word: tuple(senses) for word, senses in entries.items() if senses})


def _decode(number: str) -> int:
    value = 0
    for char in number:
        value = value * 64 + _B64.index(char)
    return value


def _translations(entry: str) -> list[str]:
    """The English translations in one entry: every line after the headword line."""
    found: list[str] = []
    for line in entry.splitlines()[1:]:
        line = _SENSE_NUMBER.sub("", line.strip())
        for sense in line.split(","):
            sense = sense.replace("\u2010", "-").strip()
            if sense and not sense.startswith(("<", "/", "[", "(")):
                found.append(sense.lower())
    return found
