"""Is a word a noun? Labels prefer nouns (DESIGN §7), and no offline tagger is installed.

French: FreeDict's French–English dictionary tags its headwords (`<n, fem>`, `<v>`,
`<adj>`), read here from the installed dictd file. The Dutch–English one carries no
parts of speech, so Dutch is guessed from the word's shape: an inflected adjective
(regionale → regionaal), an adjective suffix (-lijk, -ig, -baar; -aal and -eel only when
the dictionary's English says adjective too: "regional", not "personnel"), a conjugated
verb (stopt → stoppen), a comparative (langer → lang) or an infinitive (bundelen, but also "wonen", so it weighs more
than a verb); anything else counts as a noun.
English passes as a noun: its stop words already take the function words.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from enum import Enum
from functools import lru_cache
from pathlib import Path

from workers.dictionary import DICTD_DIR, FILES, Dictionary, DictionaryMissing, load_dictionary
from workers.language import Language
from workers.lemmas import fold, lemma

_HEADWORD = re.compile(r"^(?P<word>[^/\n]+?) /[^/\n]*/ <(?P<tags>[^>]+)>$", re.MULTILINE)
_ADJECTIVE_ENDINGS = ("lijk", "ig", "isch", "baar", "loos", "zaam", "ief", "end")
_LATIN_ADJECTIVE_ENDINGS = ("aal", "eel", "air")
_ENGLISH_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ary", "able", "ible", "ent", "ant")


class Part(Enum):
    """How much a label wants a word, by its part of speech."""

    NOUN = 1.0
    INFINITIVE = 0.6
    ADJECTIVE = 0.5
    VERB = 0.4


def french_parts(directory: Path = DICTD_DIR) -> dict[str, Part]:
    """Folded French headword → its part of speech, from FreeDict's tags."""
    path = directory / f"{FILES['fr']}.dict.dz"
    if not path.exists():
        raise DictionaryMissing(f"{path} not found: install it with `apt-get install dict-freedict-fra-eng`")
    found: dict[str, Part] = {}
    for match in _HEADWORD.finditer(gzip.decompress(path.read_bytes()).decode("utf-8")):
        part = _french_part(match["tags"])
        if part is not None:
            found.setdefault(fold(match["word"]), part)
    return found


def _french_part(tags: str) -> Part | None:
    head = tags.split(",")[0].strip()
    return {"n": Part.NOUN, "v": Part.VERB, "vt": Part.VERB, "vi": Part.VERB, "adj": Part.ADJECTIVE}.get(head)


class PartsOfSpeech:
    """The part of speech of a word in a language, as far as offline data tells."""

    def __init__(self, french: Mapping[str, Part], dutch: Dictionary) -> None:
        self._french = dict(french)
        self._dutch = dutch
        self.part = lru_cache(maxsize=100_000)(self._part)

    @classmethod
    def load(cls) -> PartsOfSpeech:
        return cls(french_parts(), load_dictionary("nl"))

    def _part(self, word: str, language: Language) -> Part:
        if language == "fr":
            return self._french.get(fold(lemma(word, "fr")), self._french.get(fold(word), Part.NOUN))
        if language == "nl":
            return self._dutch_part(word, lemma(word, "nl"))
        return Part.NOUN

    def _dutch_part(self, word: str, base: str) -> Part:
        if base != word and base.endswith("en") and not word.endswith("en"):
            return Part.VERB
        if base != word and word.endswith("er") and not base.endswith("er"):
            return Part.ADJECTIVE  # a comparative: harder, langer, groter
        if word.endswith("e") and base != word and not base.endswith("e"):
            return Part.ADJECTIVE
        if base.endswith(_ADJECTIVE_ENDINGS) or self._latin_adjective(base):
            return Part.ADJECTIVE
        if base == word and word.endswith("en"):
            return Part.INFINITIVE
        return Part.NOUN

    def _latin_adjective(self, base: str) -> bool:
        if not base.endswith(_LATIN_ADJECTIVE_ENDINGS):
            return False
        english = self._dutch.translations(base)
        return all(sense.endswith(_ENGLISH_ADJECTIVE_ENDINGS) for sense in english)


@lru_cache(maxsize=1)
def parts_of_speech() -> PartsOfSpeech:
    """The installed dictionaries' parts of speech, read once per process."""
    return PartsOfSpeech.load()
