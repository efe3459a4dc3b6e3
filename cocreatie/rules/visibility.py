"""What the room may see of a workshop (phones, projector) and what only the facilitator sees.

The room sees an idea once it is approved (pre-moderation), not hidden, and its round's
screen shows ideas; it sees a round's themes only while its screen shows themes, and then
with representatives (and labels) drawn from ideas the room may see. It sees a round's
statements from its vote phase on, their support per group and the final text only once
results may be shown, and never who answered what.
"""

from __future__ import annotations

from cocreatie.models.state import Idea, RoomState, RoundState, Theme, keyword_label
from cocreatie.models.workshop import ScreenView
from cocreatie.rules.draagvlak import round_draagvlak
from cocreatie.rules.statements import answerers, round_support
from cocreatie.rules.votes import results_revealed, tally, voter_count, voting_or_after

PRIVATE_IDEA_FIELDS = frozenset({"participant_id", "group"})
"""A stakeholder group of one would name the author: the room sees neither."""
BOARD_IDEA_FIELDS = frozenset({"waiting", "placed", "decided"})
"""What only the board needs of an idea."""


def is_public(idea: Idea, round_state: RoundState) -> bool:
    """May the room see this idea's text now?"""
    return not idea.hidden and not idea.waiting and round_state.screen is not ScreenView.prompt


def public_idea(idea: Idea, round_state: RoundState) -> dict[str, object]:
    """An idea as the room sees it: no author, its theme only while themes are shown."""
    data = idea.model_dump(mode="json", exclude=set(PRIVATE_IDEA_FIELDS | BOARD_IDEA_FIELDS))
    if round_state.screen is not ScreenView.themes:
        data["theme_id"] = None
    return data


def round_ideas(state: RoomState, round_state: RoundState) -> dict[str, dict[str, object]]:
    """The round's ideas the room may see, by id."""
    return {
        idea.id: public_idea(idea, round_state)
        for idea in state.ideas.values()
        if idea.round_id == round_state.id and is_public(idea, round_state)
    }


def public_themes(state: RoomState, round_state: RoundState) -> list[dict[str, object]]:
    """The round's themes as the room sees them, in board order: none unless the screen shows
    themes; a representative (or a label taken from one) only if the room may see that idea."""
    if round_state.screen is not ScreenView.themes:
        return []
    ideas = [i for i in state.ideas.values() if i.round_id == round_state.id]
    shown = {i.text for i in ideas if is_public(i, round_state)}
    withheld = {i.text for i in ideas if not is_public(i, round_state)} - shown
    return [_public_theme(theme, shown, withheld) for theme in round_state.themes.values()]


def _public_theme(theme: Theme, shown: set[str], withheld: set[str]) -> dict[str, object]:
    data = theme.model_dump(mode="json")
    if theme.representative not in shown:
        data["representative"] = None
    if not theme.renamed and theme.label in withheld:
        data["label"] = keyword_label(theme.keywords)
    return data


def public_view(state: RoomState) -> dict[str, object]:
    """What participants and the projector may see: no hidden or waiting ideas, no names, no
    ballots, no board hints (suggestions, alike themes); the tally and the dots' support per
    group only once results may be shown (null before)."""
    data = state.model_dump(mode="json", exclude={"participants", "undo_log", "ideas"})
    data["ideas"] = {}
    for round_state, round_data in zip(state.rounds, data["rounds"], strict=True):
        data["ideas"] |= round_ideas(state, round_state)
        del round_data["votes"], round_data["suggest"], round_data["alike"], round_data["answers"]
        round_data["themes"] = {theme["id"]: theme for theme in public_themes(state, round_state)}
        round_data["voters"] = voter_count(round_state)
        round_data["tally"] = public_tally(round_state)
        round_data["dot_support"] = dot_support_json(state, round_state) if results_revealed(round_state) else None
        round_data |= public_statements(state, round_state)
    data["present"] = state.group_counts()
    return data


def public_tally(round_state: RoundState) -> dict[str, int] | None:
    """Dots per theme as the room may see them: None until results are revealed."""
    return tally(round_state) if results_revealed(round_state) else None


def statements_shown(round_state: RoundState) -> bool:
    """May the room see the round's statements? From the vote on; before, the board drafts them."""
    return voting_or_after(round_state)


def public_statements(state: RoomState, round_state: RoundState) -> dict[str, object]:
    """The round's statements as the room sees them (none before the vote), how many answered,
    the support per statement once results may be shown (None before) and then the final text."""
    shown, revealed = statements_shown(round_state), results_revealed(round_state)
    return {
        "statements": [s.model_dump(mode="json") for s in round_state.statements] if shown else [],
        "answerers": answerers(round_state),
        "support": support_json(state, round_state) if shown and revealed else None,
        "final_text": [s.model_dump(mode="json") for s in round_state.final_text] if revealed else [],
    }


def support_json(state: RoomState, round_state: RoundState) -> dict[str, object]:
    """Per statement id: its answers per group, consensus and dividing, as JSON."""
    return {
        statement_id: support.model_dump(mode="json", by_alias=True)
        for statement_id, support in round_support(state, round_state).items()
    }


def dot_support_json(state: RoomState, round_state: RoundState) -> dict[str, object]:
    """Per theme id: its dots as support per group (DESIGN §8's treatment, rules/draagvlak.py:
    a voter who gave the theme a dot agrees, another voter of the group does not), in the shape
    of a statement's support; nothing before the vote (no dot counts yet, and the themes may
    still change with every idea)."""
    if not voting_or_after(round_state):
        return {}
    return {
        theme.theme_id: {
            "answers": {group.group: group.answers.model_dump(by_alias=True) for group in theme.groups},
            "consensus": theme.consensus.model_dump(mode="json") if theme.consensus else None,
            "dividing": theme.dividing,
        }
        for theme in round_draagvlak(state, round_state).themes
    }


def facilitator_view(state: RoomState) -> dict[str, object]:
    """Everything, with each round's tally and support, and the commands `undo` may still reverse."""
    data = state.model_dump(mode="json", exclude={"undo_log"})
    data["present"] = state.group_counts()
    for round_state, round_data in zip(state.rounds, data["rounds"], strict=True):
        round_data["tally"] = tally(round_state)
        round_data["support"] = support_json(state, round_state)
        round_data["dot_support"] = dot_support_json(state, round_state)
    data["undoable"] = [{"event_id": r.event_id, "command": r.command} for r in state.undo_log]
    data["undo"] = data["undoable"][-1] if state.undo_log else None  # what the undo button names
    return data


def own_waiting(state: RoomState, participant_id: str) -> list[dict[str, str]]:
    """A participant's own ideas that wait for approval, for their phone alone."""
    return [
        {"id": i.id, "client_id": i.client_id, "text": i.text, "round_id": i.round_id}
        for i in state.ideas.values()
        if i.participant_id == participant_id and i.waiting and not i.hidden
    ]
