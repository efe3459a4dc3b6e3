"""A scripted workshop, folded from real events: two rounds, four groups, votes.

The literal data below (who is in which group, which idea ends up in which theme, the
final ballots) is the independent truth that tests recompute numbers from.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Language, Phase, Round, RoundKind
from cocreatie.stream.fold import fold

GROUPS = ("politiek", "administratie", "burger", "partner")
NAMES = {"p1": "Annelies Vermeersch", "b1": "Jef Claes"}
MEMBERS = {
    "politiek": ("p1", "p2", "p3", "p4"),
    "administratie": ("a1", "a2", "a3", "a4", "a5"),
    "burger": ("b1", "b2", "b3", "b4", "b5", "b6"),
    "partner": ("q1", "q2"),
}
GROUP_OF = {pid: group for group, pids in MEMBERS.items() for pid in pids}

# (key, round, participant, text, theme the worker chose, final theme, hidden)
IDEAS = (
    ("i01", "r1", "p1", "Een gemeentehuis waar je zonder afspraak binnen kunt", "dienst", "dienst", False),
    ("i02", "r1", "a1", "Eén digitaal loket voor alle deelgemeenten", "dienst", "dienst", False),
    ("i03", "r1", "b1", "Loket open op zaterdag in elke deelgemeente", "dienst", "dienst", False),
    ("i04", "r1", "q1", "Zorgpartners samen onder één dak in het sociaal huis", "dienst", "dienst", False),
    ("i05", "r1", "b2", "Meer bomen en schaduw op de pleinen", "groen", "groen", False),
    ("i06", "r1", "b3", "Klimaatneutraal tegen 2035, met zonnepanelen op alle gemeentegebouwen", "groen", "groen", False),
    ("i07", "r1", "a2", "Ruimte voor water: overstromingsgebieden langs de beek", "groen", "groen", False),
    ("i08", "r1", "b4", "Veilige fietspaden tussen de dorpskernen", "fiets", "mob", False),
    ("i09", "r1", "b5", "Een belbus voor wie geen auto heeft", "mob", "mob", False),
    ("i10", "r1", "p2", "Betere busverbinding naar het station", "mob", "mob", False),
    ("i11", "r1", "a3", "Trage wegen herstellen en verbinden", "fiets", "mob", False),
    ("i12", "r1", "p3", "Elke deelgemeente houdt haar eigen feesten en kermis", "cult", "cult", False),
    ("i13", "r1", "b6", "Subsidies voor jeugdbewegingen eenvoudiger maken", "cult", "cult", False),
    ("i14", "r1", "a4", "Eén uitleendienst voor materiaal van verenigingen", "cult", "cult", False),
    ("i15", "r1", "q2", "Cultuurcentrum samen programmeren met de buurgemeenten", "cult", "cult", False),
    ("i16", "r1", "p4", "Lokale handelaars ondersteunen in de dorpskernen", None, None, False),
    ("i17", "r1", "b1", "test test <b>123</b>", "dienst", "dienst", True),
    ("i18", "r1", "a5", "Minder administratie voor evenementen", "dienst", "cult", False),
    ("i19", "r2", "a1", "Eén klantenbestand en één website voor de nieuwe gemeente", "digi", "digi", False),
    ("i20", "r2", "b2", "Loketmedewerkers die op afspraak aan huis komen", "digi", "digi", False),
    ("i21", "r2", "p1", "Een vervoerplan samen met De Lijn en de buurgemeenten", "bus", "bus", False),
    ("i22", "r2", "b5", "Deelauto's aan elk dorpsplein", "bus", "bus", False),
    ("i23", "r2", "b4", "Een fietsbrug over de ring, 'Fietsplan 2030'", "fiets2", "fiets2", False),
    ("i24", "r2", "p2", "=Fietsstraten rond de scholen", "fiets2", "fiets2", False),
    ("i25", "r2", "a2", "Budget vastleggen in het meerjarenplan", None, None, False),
    ("i26", "r2", "b3", "spam spam", "bus", "bus", True),
)

LABELS = {
    "dienst": "Dienstverlening dichtbij", "groen": "Groen en klimaat", "mob": "Mobiliteit",
    "cult": "Verenigingen en cultuur", "digi": "Digitaal én nabij loket",
    "bus": "Vervoer op maat", "fiets2": "Fietsroutes",
}

# The ballots that count at the end (earlier, replaced ballots are in `EARLY_BALLOTS`).
BALLOTS = {
    "r1": {
        "p1": {"dienst": 2, "cult": 1}, "p2": {"dienst": 1, "cult": 2},
        "p3": {"cult": 2, "groen": 1}, "p4": {"dienst": 2, "groen": 1},
        "a1": {"dienst": 2, "mob": 1}, "a2": {"groen": 2, "dienst": 1},
        "a3": {"mob": 2, "dienst": 1}, "a4": {"cult": 2, "groen": 1},
        "a5": {"dienst": 1, "cult": 1, "mob": 1},
        "b1": {"mob": 2, "dienst": 1}, "b2": {"groen": 2, "mob": 1},
        "b3": {"groen": 2, "dienst": 1}, "b4": {"mob": 2, "groen": 1},
        "b5": {"mob": 2, "dienst": 1}, "b6": {"cult": 2, "mob": 1},
        "q1": {"dienst": 2, "groen": 1}, "q2": {"cult": 1},
    },
    "r2": {
        "p1": {"bus": 2, "digi": 2}, "p2": {"fiets2": 2, "bus": 2}, "p3": {"bus": 2, "digi": 1},
        "a1": {"digi": 2, "bus": 2}, "a2": {"digi": 2, "fiets2": 1},
        "b1": {"fiets2": 2, "bus": 2}, "b2": {"digi": 1, "fiets2": 2}, "b3": {"fiets2": 2},
        "b4": {"fiets2": 2, "bus": 1, "digi": 1},
    },
}
EARLY_BALLOTS = {"r1": {"b6": {"groen": 1}, "p3": {"dienst": 2}}}


@dataclass(frozen=True)
class Script:
    state: RoomState
    events: list[tuple[str, ev.Event]]


def scripted_events() -> list[tuple[str, ev.Event]]:
    events: list[ev.Event] = [
        ev.WorkshopCreatedEvent(
            title="Fusie Zonnedaal–Beekhoven: toekomstgesprek", language=Language.nl,
            groups=list(GROUPS), join_code="K7PQ2M", created_at=1_795_000_000.0,
            rounds=[
                Round(id="r1", prompt="Waar staat onze nieuwe gemeente in 2035?", kind=RoundKind.vision),
                Round(id="r2", prompt="Hoe realiseren we die visie?", kind=RoundKind.strategy,
                      dots=4, max_per_theme=2),
            ],
        ),
        *(ev.ParticipantJoined(participant_id=pid, group=group, name=NAMES.get(pid))
          for pid, group in GROUP_OF.items()),
    ]
    for round_id in ("r1", "r2"):
        events += _round_events(round_id)
    return [(event_id(index), event) for index, event in enumerate(events)]


def event_id(index: int) -> str:
    return f"{1_795_000_000_000 + index}-0"


def idea_ids() -> dict[str, str]:
    """The stream id each idea key gets in `scripted_events`."""
    ids = {}
    for index, (_, event) in enumerate(scripted_events()):
        if isinstance(event, ev.IdeaAdded):
            ids[event.client_id] = event_id(index)
    return ids


def _round_events(round_id: str) -> list[ev.Event]:
    ideas = [idea for idea in IDEAS if idea[1] == round_id]
    events: list[ev.Event] = [ev.PhaseChanged(round_id=round_id, phase=Phase.collect)]
    if round_id == "r1":
        events.append(ev.TimerStarted(round_id=round_id, seconds=600, ends_at=1_795_000_600.0))
    events += [
        ev.IdeaAdded(round_id=round_id, participant_id=pid, client_id=key, text=text,
                     at=1_795_000_100.0 + number)
        for number, (key, _, pid, text, *_rest) in enumerate(ideas)
    ]
    events.append(ev.PhaseChanged(round_id=round_id, phase=Phase.cluster))
    events.append(_Deferred(round_id))  # resolved by `_resolve` once idea ids are known
    return events


class _Deferred:
    """Stands for the worker's and facilitator's events that need the ideas' stream ids."""

    def __init__(self, round_id: str) -> None:
        self.round_id = round_id
