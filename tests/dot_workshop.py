"""A one-round dot vote built from real events, shaped per test: which groups, how many voters
in each, which themes each voter dotted. One idea per theme, by an author who does not vote."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Language, Phase, Round, RoundKind
from cocreatie.stream.fold import fold

Ballots = Mapping[str, Sequence[Sequence[int]]]
"""Per group, per voter: the indexes of the themes that voter gave one dot."""


def theme_label(index: int) -> str:
    return f"Thema {index + 1:02d}"


def dot_workshop(themes: int, ballots: Ballots, language: Language = Language.nl) -> RoomState:
    entries: list[ev.Event] = [
        ev.WorkshopCreatedEvent(
            title="Fusie Dotdorp", language=language, groups=list(ballots), join_code="D0TS22",
            created_at=1_795_000_000.0,
            rounds=[Round(id="r1", prompt="Waar gaan we heen?", kind=RoundKind.vision,
                          dots=3, max_per_theme=1)],
        ),
        ev.ParticipantJoined(participant_id="author", group=next(iter(ballots))),
        *(ev.ParticipantJoined(participant_id=pid, group=group) for group, pid in _voters(ballots)),
        ev.PhaseChanged(round_id="r1", phase=Phase.collect),
    ]
    entries += [ev.IdeaAdded(round_id="r1", participant_id="author", client_id=f"c{index}",
                             text=f"Idee bij {theme_label(index)}", at=1_795_000_100.0 + index)
                for index in range(themes)]
    idea_ids = [f"{1_795_000_000_000 + len(entries) - themes + index}-0" for index in range(themes)]
    entries += [
        ev.PhaseChanged(round_id="r1", phase=Phase.cluster),
        ev.ThemesUpdated(round_id="r1", full=True, model="test",
                         themes=[ev.ThemeView(id=f"t{index}", label=theme_label(index)) for index in range(themes)],
                         assign={idea_id: f"t{index}" for index, idea_id in enumerate(idea_ids)}),
        ev.PhaseChanged(round_id="r1", phase=Phase.vote),
    ]
    entries += [ev.VoteCast(round_id="r1", participant_id=f"{group}-{number}",
                            dots={f"t{index}": 1 for index in dotted})
                for group, voters in ballots.items() for number, dotted in enumerate(voters)]
    return fold("ws-dots", [(f"{1_795_000_000_000 + number}-0", entry) for number, entry in enumerate(entries)])


def _voters(ballots: Ballots) -> list[tuple[str, str]]:
    return [(group, f"{group}-{number}") for group, voters in ballots.items() for number in range(len(voters))]
