"""A workshop the facilitator keeps in hand: pre-moderation, silent writing, corrections,
undo and a set-up edited midway — real events, for the fold mirror and the room's view."""

from __future__ import annotations

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Language, Moderation, Phase, Round, RoundKind, ScreenView
from cocreatie.rules.undo import undo_last
from cocreatie.stream.fold import apply

WAITING_TEXT = "STOP MET DE FUSIE!!!"
HIDDEN_TEXT = "alert script niemand"


def moderated() -> list[tuple[str, ev.Event]]:
    """The entries, in order; `undo` events are made from the state as the handler makes them."""
    state = RoomState(workshop_id="ws-2")
    entries: list[tuple[str, ev.Event]] = []

    def add(*events: ev.Event) -> None:
        for event in events:
            event_id = f"{1_796_000_000_000 + len(entries)}-0"
            apply(state, event_id, event)
            entries.append((event_id, event))

    def idea(n: int) -> str:
        return [i for i, e in entries if isinstance(e, ev.IdeaAdded)][n]

    add(
        ev.WorkshopCreatedEvent(
            title="Regio Leiestreek", language=Language.nl, groups=["politiek", "burger"], join_code="M4RT7K",
            created_at=1_796_000_000.0,
            rounds=[Round(id="r1", prompt="Wat maakt onze regio sterk?", kind=RoundKind.vision, timer_seconds=300)],
        ),
        ev.ParticipantJoined(participant_id="p1", group="politiek"),
        ev.ParticipantJoined(participant_id="p2", group="burger", name="Lien"),
        ev.ModerationSet(round_id="r1", mode=Moderation.pre),
        ev.ScreenShown(round_id="r1", view=ScreenView.prompt),
        ev.PhaseChanged(round_id="r1", phase=Phase.collect),
        ev.TimerStarted(round_id="r1", seconds=300, ends_at=1_796_000_400.0),
    )
    texts = ["Samen één zwembad voor de regio", "Een gedeelde fietsroute langs de Leie", WAITING_TEXT,
             "Fietsroutes naar elke school", HIDDEN_TEXT, "Zwembad en sporthal samen beheren"]
    for n, text in enumerate(texts):
        add(ev.IdeaAdded(round_id="r1", participant_id=f"p{n % 2 + 1}", client_id=f"c{n}", text=text,
                         at=1_796_000_010.0 + n))
    add(
        ev.IdeaApproved(idea_id=idea(0)), ev.IdeaApproved(idea_id=idea(1)), ev.IdeaApproved(idea_id=idea(3)),
        ev.IdeaApproved(idea_id=idea(4)), ev.IdeaApproved(idea_id=idea(5)),
        ev.ScreenShown(round_id="r1", view=ScreenView.ideas),
        ev.ThemesUpdated(round_id="r1", full=True, themes=[
            ev.ThemeView(id="t-sport", label="zwembad · sporthal", keywords=["zwembad", "sporthal", "samen"],
                         representative=texts[0]),
            ev.ThemeView(id="t-fiets", label="alert · fietsroute", keywords=["alert", "fietsroute", "leie"],
                         representative=HIDDEN_TEXT),
            ev.ThemeView(id="t-luid", label=WAITING_TEXT, keywords=[], representative=WAITING_TEXT),
        ], assign={idea(0): "t-sport", idea(5): "t-sport", idea(1): "t-fiets", idea(3): "t-fiets",
                   idea(4): "t-fiets", idea(2): "t-luid"}),
        ev.ScreenShown(round_id="r1", view=ScreenView.themes),
        ev.IdeaHidden(idea_id=idea(4)),
        ev.ThemeRenamed(theme_id="t-fiets", label="Fietsen"),
        ev.IdeaMoved(idea_id=idea(0), idea_ids=[idea(0), idea(5)], theme_id="t-fiets"),
    )
    add(undo_last(state))  # the move
    add(
        ev.ThemesMerged(theme_ids=["t-sport", "t-luid"], into="t-sport"),
        ev.ThemePinned(theme_id="t-sport", pinned=True),
    )
    add(undo_last(state))  # the pin
    add(undo_last(state))  # the merge
    add(
        ev.IdeaMoved(idea_id=idea(1), idea_ids=[idea(1), idea(3)], theme_id="t-sport"),
        ev.ThemesUpdated(round_id="r1", full=True, themes=[  # the worker drops the emptied theme
            ev.ThemeView(id="t-sport", label="zwembad · sporthal", keywords=["zwembad"], representative=texts[0]),
        ]),
    )
    add(undo_last(state))  # the move back into a theme that is gone: the ideas are unassigned
    add(
        ev.ThemesUpdated(round_id="r1", themes=None, assign={idea(2): None}),
        ev.WorkshopEdited(
            title="Regio Leiestreek 2030", language=Language.nl, groups=["politiek", "inwoner", "partner"],
            renamed_groups={"burger": "inwoner"},
            rounds=[Round(id="r1", prompt="Wat maakt onze regio sterk?", kind=RoundKind.vision, dots=4),
                    Round(id="r2", prompt="Hoe werken we samen?", kind=RoundKind.strategy)],
        ),
        ev.PhaseChanged(round_id="r1", phase=Phase.cluster),
    )
    return entries
