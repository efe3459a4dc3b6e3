"""One text rule for everything a person types: the same clear refusals for ideas, names,
labels, titles, prompts and groups, over real sockets and HTTP as in the models."""

from __future__ import annotations

import re
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ValidationError

from cocreatie.models.messages import IdeaSubmit, ParticipantHello, ThemeRename, WorkshopEdit
from cocreatie.models.text import clean
from cocreatie.models.workshop import WorkshopSpec
from tests.clients import (
    ROUNDS,
    Workshop,
    collecting_room,
    create_workshop,
    open_board,
    open_phone,
    post_idea,
    receive,
    receive_until,
    send,
)
from tests.processes import ORGANISER

REFUSED = {
    "NUL": ("Jan\x00", "contains control characters (U+0000)"),
    "bell": ("bel\x07", "contains control characters (U+0007)"),
    "bidi override": ("abc\u202edef", "contains invisible format characters (U+202E)"),
    "zero-width space only": ("\u200b", "contains invisible format characters (U+200B)"),
    "soft hyphens only": ("\u00ad\u00ad", "contains invisible format characters (U+00AD)"),
    "a lone emoji tag": ("ok\U000e0067", "contains invisible format characters (U+E0067)"),
    "noncharacter": ("idee\uffff", "contains a code point that is not text (U+FFFF)"),
    "lone surrogate": ("a\ud800", "contains a code point that is not text (U+D800)"),
    "Hangul filler only": ("\u3164", "has no visible characters"),
    "joiner only": ("\u200d", "has no visible characters"),
    "combining accent only": ("\u0301", "has no visible characters"),
    "blank": ("  \n\t ", "is empty"),
    "too long": ("x" * 41, "is longer than 40 characters"),
}
KEPT = {
    "line breaks become a space": ("Jan\r\nPeeters\u2028van\tHier", "Jan Peeters van Hier"),
    "NFC": ("Cafe\u0301", "Café"),
    "trimmed": ("  Łódź \n", "Łódź"),
    "emoji joined by ZWJ": ("👩‍👩‍👧 gezin", "👩‍👩‍👧 gezin"),
    "Persian non-joiner": ("می‌خواهم", "می‌خواهم"),
    "subdivision flag": ("🏴󠁧󠁢󠁳󠁣󠁴󠁿 Schotland", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Schotland"),
    "40 characters once composed": ("e\u0301" * 40, "é" * 40),
}


@pytest.mark.parametrize(("text", "problem"), REFUSED.values(), ids=REFUSED.keys())
def test_the_rule_refuses_with_a_clear_error(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"the name {problem}")):
        clean(text, "name", 40)


@pytest.mark.parametrize(("text", "cleaned"), KEPT.values(), ids=KEPT.keys())
def test_real_text_passes_cleaned(text: str, cleaned: str) -> None:
    assert clean(text, "name", 40) == cleaned


def _spec(title: str = "Fusie", group: str = "burger", prompt: str = "Waarom?") -> dict[str, Any]:
    return {"title": title, "groups": [group], "rounds": [{"prompt": prompt}]}


FIELDS: dict[str, tuple[type[BaseModel], Any, str]] = {
    "idea": (IdeaSubmit, lambda t: {"type": "idea.submit", "client_id": "a", "text": t}, "idea"),
    "name": (ParticipantHello, lambda t: {"type": "hello", "group": "burger", "name": t}, "name"),
    "theme label": (ThemeRename, lambda t: {"type": "theme.rename", "theme_id": "t1", "label": t}, "label"),
    "edited title": (WorkshopEdit, lambda t: {"type": "workshop.edit", "title": t}, "title"),
    "edited group": (WorkshopEdit, lambda t: {"type": "workshop.edit", "groups": [{"name": t}]}, "group"),
    "edited prompt": (WorkshopEdit, lambda t: {"type": "workshop.edit", "rounds": [{"prompt": t}]}, "prompt"),
    "new title": (WorkshopSpec, lambda t: _spec(title=t), "title"),
    "new group": (WorkshopSpec, lambda t: _spec(group=t), "group"),
    "new prompt": (WorkshopSpec, lambda t: _spec(prompt=t), "prompt"),
}


@pytest.mark.parametrize(("model", "body", "what"), FIELDS.values(), ids=FIELDS.keys())
def test_every_typed_field_follows_the_rule(model: type[BaseModel], body: Any, what: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(f"the {what} contains control characters (U+0001)")):
        model.model_validate(body("a\x01b"))
    with pytest.raises(ValidationError, match=f"the {what} has no visible characters"):
        model.model_validate(body("\u3164"))
    assert "Café" in model.model_validate(body("Cafe\u0301")).model_dump_json()


def test_a_blank_name_is_no_name() -> None:
    assert ParticipantHello.model_validate({"type": "hello", "group": "burger", "name": "  "}).name is None


@pytest.mark.parametrize("name", ["Jan\x00", "Jan\u202eSneP", "\u200b", "\u00ad"])
async def test_a_bad_name_is_refused_and_the_phone_may_say_hello_again(
    web: str, stack: AsyncExitStack, name: str
) -> None:
    workshop = create_workshop(web)
    phone, error = await open_phone(stack, workshop, name=name)
    assert error["code"] == "invalid_message" and error["message"].startswith("name: the name ")
    await send(phone, type="hello", group="burger", name="Jan")
    assert (await receive(phone))["type"] == "welcome"


@pytest.mark.parametrize("text", ["\u200b", "\u00ad\u200b", "\u3164 \u3164", "idee\uffff"])
async def test_an_invisible_or_broken_idea_is_refused(web: str, stack: AsyncExitStack, text: str) -> None:
    room = await collecting_room(stack, web)
    await send(room.phone, type="idea.submit", client_id="a", text=text)
    error = (await receive_until(room.phone, lambda f: f["type"] == "error"))[-1]
    assert error["code"] == "invalid_message" and error["message"].startswith("idea.submit.text: the idea ")


async def test_a_theme_label_with_control_characters_is_refused(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    await send(board, type="theme.rename", theme_id="t1", label="Groen\x1b[31m")
    error = (await receive_until(board, lambda f: f["type"] == "error"))[-1]
    assert error["message"] == "theme.rename.label: the label contains control characters (U+001B)"


def test_a_workshop_title_with_a_bidi_override_is_a_400(web: str) -> None:
    title = {"title": "Fusie\u202e", "rounds": ROUNDS}
    answer = httpx.post(f"{web}/api/workshops", json=title, headers=ORGANISER, timeout=5)
    assert answer.status_code == 400
    assert "the title contains invisible format characters (U+202E)" in answer.json()["error"]["message"]


def _export(workshop: Workshop, fmt: str, **flags: str) -> httpx.Response:
    return httpx.get(f"{workshop.base}/api/workshops/{workshop.workshop_id}/export",
                     params={"format": fmt, **flags}, headers={"Authorization": f"Bearer {workshop.token}"},
                     timeout=30)


TITLES = {
    "Fusion: Cœur du Brabant": ('"fusion-cur-du-brabant', "fusion-c%C5%93ur-du-brabant"),
    "Łódź": ('"odz', "%C5%82%C3%B3d%C5%BA"),
    "Fusie Kempen": ('"fusie-kempen', "fusie-kempen"),
}


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "docx"])
@pytest.mark.parametrize("title", TITLES)
def test_a_title_outside_latin1_downloads_in_every_format(web: str, title: str, fmt: str) -> None:
    answer = _export(create_workshop(web, title=title), fmt)
    assert answer.status_code == 200
    fallback, encoded = TITLES[title]
    assert answer.headers["content-disposition"] == (
        f"attachment; filename={fallback}.{fmt}\"; filename*=UTF-8''{encoded}.{fmt}")


async def test_a_name_with_line_breaks_stays_on_its_line_in_the_report(web: str, stack: AsyncExitStack) -> None:
    room = await collecting_room(stack, web)
    author, _ = await open_phone(stack, room.workshop, name="Jan\n# Ingevoegde kop\n")
    await post_idea(author, "named", "Een idee met een naam")
    report = _export(room.workshop, "md", names="1").text
    assert "(burger, Jan \\# Ingevoegde kop)" in report
    assert not re.search(r"^#+ Ingevoegde", report, re.MULTILINE)

