"""A round that ends in statements (DESIGN §8): drafted from themes, edited, ordered, one
removed, answered by twelve people in four groups (one answer changed, one group with only
two answers to a statement), revealed, a final text, a group renamed — real events, for the
fold, the room's view, the fold mirror and the export.

The literal answers below are the independent truth the tests count from.
"""

from __future__ import annotations

from cocreatie.models import events as ev
from cocreatie.models.state import AnswerChoice, Sentence
from cocreatie.models.workshop import Language, Phase, Round, RoundKind

GROUPS = ("politiek", "administratie", "burger", "partner")
MEMBERS = {group: tuple(f"{letter}{n}" for n in (1, 2, 3)) for group, letter in zip(GROUPS, "pabq", strict=True)}
GROUP_OF = {pid: group for group, pids in MEMBERS.items() for pid in pids}
IDEAS = (  # (participant, text, theme, hidden)
    ("p1", "Een loket in elke deelgemeente", "t-dienst", False),
    ("b1", "Loket ook op zaterdag open", "t-dienst", False),
    ("b2", "spam spam spam", "t-dienst", True),
    ("a1", "Meer bomen op de pleinen", "t-groen", False),
)
STATEMENTS = {  # key → (text as added, theme ids)
    "dienst": ("Dienstverlening blijft dichtbij", ["t-dienst"]),
    "groen": ("We worden klimaatneutraal tegen 2035", ["t-groen"]),
    "eigen": ("Elke deelgemeente houdt haar feesten", []),
    "weg": ("Een statement dat weer weggaat", ["t-groen"]),
}
EDITED = {"eigen": "Elke deelgemeente houdt haar eigen feesten en kermis"}
ORDER = ("groen", "dienst", "eigen")
EARLY = {("b1", "dienst"): "agree"}
"""Answers that are replaced afterwards."""
ANSWERS: dict[str, dict[str, AnswerChoice]] = {
    # dienst divides: burger disagrees, the rest agrees; partner has only two answers
    "dienst": {"p1": "agree", "p2": "agree", "p3": "agree", "a1": "agree", "a2": "agree", "a3": "agree",
               "b1": "disagree", "b2": "disagree", "b3": "disagree", "q1": "agree", "q2": "pass"},
    # groen does not divide: partner's two disagrees would (|z| 1.33), but a group of two takes no part
    "groen": {"p1": "agree", "p2": "agree", "p3": "disagree", "a1": "agree", "a2": "disagree", "a3": "agree",
              "b1": "agree", "b2": "agree", "b3": "disagree", "q1": "disagree", "q2": "disagree"},
    "eigen": {"p1": "pass", "b3": "agree"},
}
FINAL_TEXT = (("Onze gemeente blijft dichtbij en wordt groen.", ("dienst", "groen")),
              ("Elke deelgemeente houdt haar eigen feesten.", ("eigen",)))
RENAMED = {"partner": "partners"}


class StatementStream:
    """Appends events with increasing stream ids, remembering ideas' and statements' ids."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, ev.Event]] = []
        self.statement_ids: dict[str, str] = {}
        self.idea_ids: list[str] = []

    def add(self, *events: ev.Event) -> None:
        for event in events:
            event_id = f"{1_797_000_000_000 + len(self.entries)}-0"
            self.entries.append((event_id, event))
            if isinstance(event, ev.IdeaAdded):
                self.idea_ids.append(event_id)
            if isinstance(event, ev.StatementAdded):
                key = next(k for k, (text, _) in STATEMENTS.items() if text == event.text)
                self.statement_ids[key] = event_id

    def answer(self, pid: str, key: str, answer: AnswerChoice) -> ev.StatementAnswered:
        return ev.StatementAnswered(round_id="r1", statement_id=self.statement_ids[key], participant_id=pid,
                                    answer=answer)


def statement_round() -> StatementStream:
    stream = StatementStream()
    stream.add(
        ev.WorkshopCreatedEvent(
            title="Fusie Zonnedaal–Beekhoven", language=Language.nl, groups=list(GROUPS), join_code="S7TM8K",
            created_at=1_797_000_000.0, rounds=[
                Round(id="r1", prompt="Wat is onze missie?", kind=RoundKind.mission),
                Round(id="r2", prompt="Hoe doen we dat?", kind=RoundKind.strategy),
            ],
        ),
        *(ev.ParticipantJoined(participant_id=pid, group=group) for pid, group in GROUP_OF.items()),
        ev.PhaseChanged(round_id="r1", phase=Phase.collect),
        *(ev.IdeaAdded(round_id="r1", participant_id=pid, client_id=f"c{n}", text=text, at=1_797_000_010.0 + n)
          for n, (pid, text, _, _) in enumerate(IDEAS)),
    )
    stream.add(
        ev.PhaseChanged(round_id="r1", phase=Phase.cluster),
        ev.ThemesUpdated(round_id="r1", full=True, themes=[
            ev.ThemeView(id="t-dienst", label="Dienstverlening"), ev.ThemeView(id="t-groen", label="Groen"),
        ], assign={idea_id: theme for idea_id, (_, _, theme, _) in zip(stream.idea_ids, IDEAS, strict=True)}),
        *(ev.IdeaHidden(idea_id=idea_id) for idea_id, idea in zip(stream.idea_ids, IDEAS, strict=True) if idea[3]),
        *(ev.StatementAdded(round_id="r1", text=text, theme_ids=themes) for text, themes in STATEMENTS.values()),
    )
    ids = stream.statement_ids
    stream.add(
        *(ev.StatementEdited(round_id="r1", statement_id=ids[key], text=text) for key, text in EDITED.items()),
        ev.StatementsOrdered(round_id="r1", statement_ids=[ids[key] for key in ORDER]),
        ev.PhaseChanged(round_id="r1", phase=Phase.vote),
        *(stream.answer(pid, key, answer) for (pid, key), answer in EARLY.items()),
        stream.answer("q1", "weg", "agree"),  # an answer that leaves with its statement
        ev.StatementRemoved(round_id="r1", statement_id=ids["weg"]),
    )
    stream.add(*(stream.answer(pid, key, choice) for key, chosen in ANSWERS.items() for pid, choice in chosen.items()))
    stream.add(
        ev.VotesRevealed(round_id="r1"),
        ev.FinalTextSet(round_id="r1", sentences=[
            Sentence(text=text, statement_ids=[ids[key] for key in keys]) for text, keys in FINAL_TEXT
        ]),
        stream.answer("q3", "eigen", "disagree"),  # after the reveal: the room's support follows
        ev.PhaseChanged(round_id="r1", phase=Phase.closed),
    )
    return stream


def renamed(stream: StatementStream) -> StatementStream:
    """The same, then a group renamed in the set-up: its answers follow it."""
    stream.add(ev.WorkshopEdited(
        title="Fusie Zonnedaal–Beekhoven", language=Language.nl,
        groups=[RENAMED.get(group, group) for group in GROUPS], renamed_groups=RENAMED,
        rounds=[Round(id="r1", prompt="Wat is onze missie?", kind=RoundKind.mission),
                Round(id="r2", prompt="Hoe doen we dat?", kind=RoundKind.strategy)],
    ))
    return stream


def expected_counts(key: str) -> dict[str, dict[str, int]]:
    """Per group: agree, disagree, pass of one statement, counted from the literal answers."""
    answers = dict(ANSWERS[key])
    if key == "eigen":
        answers["q3"] = "disagree"
    counts = {group: {"agree": 0, "disagree": 0, "pass": 0} for group in GROUPS}
    for pid, answer in answers.items():
        counts[GROUP_OF[pid]][answer] += 1
    return counts
