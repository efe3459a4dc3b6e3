"""A mission round and the strategy round that serves it, each ending in statements, answers
and a final text (DESIGN §8), folded from real events: what the ambitienota (the Word and
Markdown report) is tested and rendered on.

The mission round is `tests/statement_workshop.py`'s; the strategy round below adds themes of
several ideas (one hidden), a statement drawn from two themes, statements that serve the
mission's, a sentence merging two statements, and groups of three answers throughout. The
literal data is the independent truth the tests count from.
"""

from __future__ import annotations

from dataclasses import dataclass

from cocreatie.models import events as ev
from cocreatie.models.state import AnswerChoice, RoomState, Sentence
from cocreatie.models.workshop import Phase
from cocreatie.stream.fold import fold
from tests import statement_workshop as mission

IDEAS = (  # (participant, text, theme, hidden)
    ("a1", "Eén digitaal loket met één klantenbestand", "t-loket", False),
    ("b1", "Loketmedewerkers die op afspraak aan huis komen", "t-loket", False),
    ("q1", "Zorgpartners samen in het sociaal huis", "t-loket", False),
    ("b3", "reclame reclame reclame", "t-loket", True),
    ("p2", "Zonnepanelen op alle gemeentegebouwen", "t-energie", False),
    ("a2", "Een energieloket dat helpt bij renovatie", "t-energie", False),
    ("b2", "Samen warmtepompen aankopen met de buurgemeenten", "t-energie", False),
    ("p3", "Eén feestenloket voor alle verenigingen", "t-feest", False),
    ("q2", "Materiaal uitlenen aan verenigingen", "t-feest", False),
)
THEMES = {"t-loket": "Loket en zorg", "t-energie": "Energie", "t-feest": "Verenigingen"}
STATEMENTS = {  # key → (text, theme ids, the mission statements it serves)
    "loket": ("Tegen 2028 heeft elke deelgemeente een loket, ook op zaterdag", ["t-loket"], ["dienst"]),
    "energie": ("Alle gemeentegebouwen draaien tegen 2030 op eigen zonnestroom", ["t-energie"], ["groen"]),
    "samen": ("Burgers en partners beslissen mee over loket en energie", ["t-loket", "t-energie"], []),
    "feest": ("Een feestenloket ondersteunt de verenigingen van elke deelgemeente", ["t-feest"], ["eigen"]),
}
ANSWERS: dict[str, dict[str, AnswerChoice]] = {
    # every group agrees: a broad consensus
    "loket": {"p1": "agree", "p2": "agree", "p3": "agree", "a1": "agree", "a2": "agree", "a3": "disagree",
              "b1": "agree", "b2": "agree", "b3": "agree", "q1": "agree", "q2": "agree", "q3": "pass"},
    # politics says no, everyone else yes: dividing
    "energie": {"p1": "disagree", "p2": "disagree", "p3": "disagree", "a1": "agree", "a2": "agree",
                "a3": "agree", "b1": "agree", "b2": "agree", "b3": "agree", "q1": "agree", "q2": "agree",
                "q3": "agree"},
    # mixed everywhere, not dividing
    "samen": {"p1": "agree", "p2": "pass", "p3": "disagree", "a1": "disagree", "a2": "agree", "a3": "pass",
              "b1": "agree", "b2": "agree", "b3": "disagree", "q1": "agree", "q2": "disagree", "q3": "agree"},
    # only a few answered: every group too small
    "feest": {"p1": "agree", "b1": "agree", "b2": "pass", "q1": "disagree"},
}
DIVIDING = {"dienst", "energie"}
"""Worked out by hand with DESIGN §8's z-test: politiek's 0 of 3 against 9 of 9 gives |z| 2.6;
the mission's dienst divides as `tests/statement_workshop.py` says."""
FINAL_TEXT = (
    ("Tegen 2028 heeft elke deelgemeente een loket, met burgers en partners mee aan tafel.", ("loket", "samen")),
    ("Onze gebouwen draaien tegen 2030 op eigen zonnestroom.", ("energie",)),
    ("Verenigingen vinden één feestenloket.", ("feest",)),
)
ORDER = ("loket", "energie", "samen", "feest")
"""The strategy round's statements as the facilitator added them (and so ordered)."""


@dataclass(frozen=True)
class AmbitionWorkshop:
    state: RoomState
    statement_ids: dict[tuple[str, str], str]
    """(round, key) → the statement's id."""
    idea_ids: dict[str, tuple[str, str, str, bool]]
    """Each idea's id → (round, text, theme, hidden), from both rounds' literal data."""


def ambition_workshop() -> AmbitionWorkshop:
    stream = mission.statement_round()
    entries = list(stream.entries)
    ids = {("r1", key): statement_id for key, statement_id in stream.statement_ids.items()}
    ideas = {idea_id: ("r1", text, theme, hidden)
             for idea_id, (_, text, theme, hidden) in zip(stream.idea_ids, mission.IDEAS, strict=True)}

    def add(event: ev.Event) -> str:
        event_id = f"{1_797_000_000_000 + len(entries)}-0"
        entries.append((event_id, event))
        return event_id

    add(ev.PhaseChanged(round_id="r2", phase=Phase.collect))
    for n, (pid, text, theme, hidden) in enumerate(IDEAS):
        idea_id = add(ev.IdeaAdded(round_id="r2", participant_id=pid, client_id=f"s{n}", text=text,
                                   at=1_797_000_500.0 + n))
        ideas[idea_id] = ("r2", text, theme, hidden)
    add(ev.PhaseChanged(round_id="r2", phase=Phase.cluster))
    add(ev.ThemesUpdated(round_id="r2", full=True, themes=[ev.ThemeView(id=i, label=t) for i, t in THEMES.items()],
                         assign={i: theme for i, (r, _, theme, _) in ideas.items() if r == "r2"}))
    for idea_id, (round_id, _, _, hidden) in ideas.items():
        if round_id == "r2" and hidden:
            add(ev.IdeaHidden(idea_id=idea_id))
    for key, (text, themes, serves) in STATEMENTS.items():
        ids["r2", key] = add(ev.StatementAdded(round_id="r2", text=text, theme_ids=themes,
                                               serves=[ids["r1", s] for s in serves]))
    add(ev.PhaseChanged(round_id="r2", phase=Phase.vote))
    for key, chosen in ANSWERS.items():
        for pid, answer in chosen.items():
            add(ev.StatementAnswered(round_id="r2", statement_id=ids["r2", key], participant_id=pid, answer=answer))
    add(ev.VotesRevealed(round_id="r2"))
    add(ev.FinalTextSet(round_id="r2", sentences=[
        Sentence(text=text, statement_ids=[ids["r2", key] for key in keys]) for text, keys in FINAL_TEXT]))
    add(ev.PhaseChanged(round_id="r2", phase=Phase.closed))
    return AmbitionWorkshop(fold("ws-ambition", entries), ids, ideas)


def expected_counts(round_id: str, key: str) -> dict[str, dict[str, int]]:
    """Per group: agree, disagree, pass of one statement, counted from the literal answers."""
    if round_id == "r1":
        return mission.expected_counts(key)
    counts = {group: {"agree": 0, "disagree": 0, "pass": 0} for group in mission.GROUPS}
    for pid, answer in ANSWERS[key].items():
        counts[mission.GROUP_OF[pid]][answer] += 1
    return counts


def final_texts() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Per round, its final text: (sentence, the keys of its statements)."""
    return {"r1": mission.FINAL_TEXT, "r2": FINAL_TEXT}


def statement_order() -> dict[str, tuple[str, ...]]:
    return {"r1": mission.ORDER, "r2": ORDER}


def statement_themes(round_id: str, key: str) -> list[str]:
    return (mission.STATEMENTS if round_id == "r1" else STATEMENTS)[key][1]
