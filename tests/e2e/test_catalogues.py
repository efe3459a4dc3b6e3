"""The message catalogues: the same keys in every language, and every key the pages use."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import cocreatie
from cocreatie.errors import ClientError

WEB = Path(__file__).resolve().parents[2] / "web"
LANGUAGES = ("nl", "fr", "en")
# Keys built at run time from a prefix and a value the server sends.
DYNAMIC = {
    "phase.": ("draft", "collect", "cluster", "vote", "closed"),
    "help.": ("draft", "collect", "cluster", "vote", "closed"),
    "conn.": ("connecting", "online", "reconnecting", "offline", "closed"),
    "mine.": ("queued", "sending", "accepted", "expired", "waiting", "refused"),
    "group.": ("politiek", "administratie", "burger", "partner"),
}


def error_codes() -> set[str]:
    """The code of every ClientError the product defines, wherever it is defined: a page
    shows `error.<code>` for each, so a new error without its translations fails here."""
    for module in pkgutil.walk_packages(cocreatie.__path__, "cocreatie."):
        if not module.name.endswith(".__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    found, frontier = set(), [ClientError]
    while frontier:
        error = frontier.pop()
        found.add(error.code)
        frontier.extend(error.__subclasses__())
    return found


def catalogue(language: str) -> dict[str, object]:
    return json.loads((WEB / "i18n" / f"{language}.json").read_text(encoding="utf-8"))


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*WEB.glob("*.js"), *WEB.glob("*.html")]:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r'\bt\("([a-z_]+\.[a-z_]+)"', text))
        keys |= set(re.findall(r'data-i18n="([a-z_]+\.[a-z_]+)"', text))
        keys |= set(re.findall(r'[a-z-]+:([a-z_]+\.[a-z_]+)', " ".join(re.findall(r'data-i18n-attr="([^"]+)"', text))))
        keys |= set(re.findall(r'"([a-z_]+\.[a-z_]+)"', " ".join(re.findall(r"notice\([^)]*\)", text))))
    dynamic = {prefix + value for prefix, values in DYNAMIC.items() for value in values}
    return keys | dynamic | {f"error.{code}" for code in error_codes()}


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_language_has_the_same_keys(language: str) -> None:
    assert set(catalogue(language)) == set(catalogue("nl"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_pages_use_is_translated(language: str) -> None:
    missing = used_keys() - set(catalogue(language))
    assert missing == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_messages_have_one_and_other(language: str) -> None:
    for key, message in catalogue(language).items():
        if isinstance(message, dict):
            assert set(message) == {"one", "other"}, key
