"""A scripted workshop, folded from real events: two rounds, four groups, votes.

The literal data below (who is in which group, which idea ends up in which theme, the
final ballots) is the independent truth that tests recompute numbers from.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    ("i06", "r1", "b3", "Klimaatneutraal tegen 2035, met zonnepanelen op alle gemeentegebouwen",
     "groen", "groen", False),
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
HIDDEN_TEXTS = tuple(idea[3] for idea in IDEAS if idea[6])

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


def theme_id(key: str) -> str:
    return f"theme-{key}"


@dataclass(frozen=True)
class Script:
    state: RoomState
    events: list[tuple[str, ev.Event]]
    idea_ids: dict[str, str]


class _Stream:
    """Appends events with increasing stream ids, remembering the ideas' ids."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, ev.Event]] = []
        self.idea_ids: dict[str, str] = {}

    def add(self, *events: ev.Event) -> None:
        for event in events:
            event_id = f"{1_795_000_000_000 + len(self.entries)}-0"
            self.entries.append((event_id, event))
            if isinstance(event, ev.IdeaAdded):
                self.idea_ids[event.client_id] = event_id


def scripted(language: Language = Language.nl) -> Script:
    stream = _Stream()
    stream.add(
        ev.WorkshopCreatedEvent(
            title="Fusie Zonnedaal–Beekhoven: toekomstgesprek", language=language,
            groups=list(GROUPS), join_code="K7PQ2M", created_at=1_795_000_000.0,
            rounds=[
                Round(id="r1", prompt="Waar staat onze nieuwe gemeente in 2035?",
                      kind=RoundKind.vision),
                Round(id="r2", prompt="Hoe realiseren we die visie?", kind=RoundKind.strategy,
                      dots=4, max_per_theme=2),
            ],
        ),
        *(ev.ParticipantJoined(participant_id=pid, group=group, name=NAMES.get(pid))
          for pid, group in GROUP_OF.items()),
    )
    for round_id in ("r1", "r2"):
        _collect(stream, round_id)
        _cluster(stream, round_id)
        _vote(stream, round_id)
    return Script(fold("ws-1", stream.entries), stream.entries, stream.idea_ids)


def _collect(stream: _Stream, round_id: str) -> None:
    stream.add(ev.PhaseChanged(round_id=round_id, phase=Phase.collect))
    if round_id == "r1":
        stream.add(ev.TimerStarted(round_id=round_id, seconds=600, ends_at=1_795_000_600.0))
    for number, (key, idea_round, pid, text, *_) in enumerate(IDEAS):
        if idea_round == round_id:
            stream.add(ev.IdeaAdded(round_id=round_id, participant_id=pid, client_id=key,
                                    text=text, at=1_795_000_100.0 + number))


def _cluster(stream: _Stream, round_id: str) -> None:
    """The worker's themes, then the facilitator's corrections."""
    ideas = [idea for idea in IDEAS if idea[1] == round_id]
    worker = sorted({idea[4] for idea in ideas if idea[4]})
    assign = {stream.idea_ids[key]: theme_id(t) if t else None for key, _, _, _, t, *_ in ideas}
    last_id, last_theme = assign.popitem()  # placed afterwards by the fast path: assignments only
    stream.add(
        ev.PhaseChanged(round_id=round_id, phase=Phase.cluster),
        ev.ThemesUpdated(
            round_id=round_id,
            themes=[ev.ThemeView(id=theme_id(key), label=f"{key}, trefwoord",
                                 keywords=[key, "trefwoord"]) for key in worker],
            assign=assign, model="all-MiniLM-L6-v2", full=True,
        ),
        ev.ThemesUpdated(round_id=round_id, assign={last_id: last_theme}, model="all-MiniLM-L6-v2"),
    )
    if round_id == "r1":
        stream.add(
            ev.ThemesMerged(theme_ids=[theme_id("mob"), theme_id("fiets")], into=theme_id("mob")),
            ev.IdeaMoved(idea_id=stream.idea_ids["i18"], theme_id=theme_id("cult")),
            ev.ThemePinned(theme_id=theme_id("dienst"), pinned=True),
        )
    stream.add(*(ev.ThemeRenamed(theme_id=theme_id(key), label=LABELS[key])
                 for key in worker if key in LABELS))
    stream.add(*(ev.IdeaHidden(idea_id=stream.idea_ids[key])
                 for key, *_, hidden in ideas if hidden))


def _vote(stream: _Stream, round_id: str) -> None:
    stream.add(ev.PhaseChanged(round_id=round_id, phase=Phase.vote))
    for pid, dots in EARLY_BALLOTS.get(round_id, {}).items():
        stream.add(_ballot(round_id, pid, dots))
    stream.add(*(_ballot(round_id, pid, dots) for pid, dots in BALLOTS[round_id].items()))
    if round_id == "r1":
        stream.add(ev.VoteCast(round_id=round_id, participant_id="q2",
                               dots={theme_id("cult"): 1, theme_id("mob"): 0}))
        stream.add(ev.PhaseChanged(round_id=round_id, phase=Phase.closed))


def _ballot(round_id: str, pid: str, dots: dict[str, int]) -> ev.VoteCast:
    return ev.VoteCast(round_id=round_id, participant_id=pid,
                       dots={theme_id(key): count for key, count in dots.items()})


@dataclass(frozen=True)
class Expected:
    """Draagvlak numbers of one theme, computed from the literal script, not the code."""

    label: str
    dots: int
    voters: dict[str, int]
    supporters: dict[str, int]


def expected_support() -> dict[str, dict[str, Expected]]:
    """Per round, per theme id: the numbers every export must show."""
    result: dict[str, dict[str, Expected]] = {}
    for round_id, ballots in BALLOTS.items():
        voters = {g: sum(1 for pid in ballots if GROUP_OF[pid] == g) for g in GROUPS}
        keys = {idea[5] for idea in IDEAS if idea[1] == round_id and idea[5]}
        result[round_id] = {
            theme_id(key): Expected(
                label=LABELS[key],
                dots=sum(ballot.get(key, 0) for ballot in ballots.values()),
                voters=voters,
                supporters={g: sum(1 for pid, b in ballots.items()
                                   if GROUP_OF[pid] == g and b.get(key, 0) > 0) for g in GROUPS},
            )
            for key in keys
        }
    return result
