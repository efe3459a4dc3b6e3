"""A round whose themes come with the board's hints (suggestions, alike themes), and then
the commands and updates that make hints go: a fast-path update, a move, a hide, a merge,
an undo and a full update. Shared by the Python fold test and the browser mirror."""

from __future__ import annotations

from cocreatie.models import events as ev
from cocreatie.models.workshop import Language, Phase, Round, RoundKind

IDEAS = ("water1", "water2", "fiets1", "fiets2", "loose1", "loose2", "loose3", "loose4")
THEMES = {"t-water": "Water", "t-drink": "Drinkwater", "t-fiets": "Fietsen", "t-bus": "Bussen"}


START = 1_796_000_000_000
SETUP = 3
"""Entries before the first idea."""


def idea_id(number: int) -> str:
    """The entry id of the n-th idea (from 0)."""
    return f"{START + SETUP + number}-0"


def hinted() -> list[tuple[str, ev.Event]]:
    entries: list[ev.Event] = [
        ev.WorkshopCreatedEvent(
            title="Hints", language=Language.nl, groups=["burger"], join_code="H1NT5X", created_at=1_796_000_000.0,
            rounds=[Round(id="r1", prompt="Wat moet beter?", kind=RoundKind.vision)],
        ),
        ev.ParticipantJoined(participant_id="p1", group="burger"),
        ev.PhaseChanged(round_id="r1", phase=Phase.collect),
    ]
    ideas = [
        ev.IdeaAdded(round_id="r1", participant_id="p1", client_id=key, text=key, at=1.0 + n)
        for n, key in enumerate(IDEAS)
    ]
    full = ev.ThemesUpdated(
        round_id="r1",
        themes=[ev.ThemeView(id=theme_id, label=label) for theme_id, label in THEMES.items()],
        assign={idea_id(0): "t-water", idea_id(1): "t-drink", idea_id(2): "t-fiets", idea_id(3): "t-bus"},
        suggest={idea_id(4): "t-water", idea_id(5): "t-fiets", idea_id(6): "t-drink"},
        alike=[("t-water", "t-drink"), ("t-fiets", "t-bus")],
        full=True,
    )
    later: list[ev.Event] = [
        ev.ThemesUpdated(round_id="r1", suggest={idea_id(7): "t-bus"}),  # the fast path: one more
        ev.IdeaMoved(idea_id=idea_id(4), theme_id="t-water"),  # the suggestion taken
        ev.IdeaHidden(idea_id=idea_id(5)),  # hidden: its suggestion goes
        ev.ThemesMerged(theme_ids=["t-water", "t-drink"], into="t-water"),  # t-drink's hints go
        ev.IdeaMoved(idea_id=idea_id(7), theme_id=None),  # put aside by hand: no suggestion
    ]
    return [(f"{START + n}-0", event) for n, event in enumerate([*entries, *ideas, full, *later])]
