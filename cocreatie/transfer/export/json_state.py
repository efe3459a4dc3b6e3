"""The folded state as JSON, enough to rebuild the workshop; `load_state` reads it back.

Each round's `statements` carry, beyond what the state keeps of them, the ideas behind them
and their support per group (DESIGN §8); reading the file back ignores what it can count again.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ValidationError

from cocreatie.errors import InvalidMessage
from cocreatie.models.state import RoomState
from cocreatie.rules.statements import statement_reports
from cocreatie.transfer.export.options import Options


class StateFile(BaseModel):
    """The file: a marker, a version, and the state."""

    format: Literal["cocreatie.state"] = "cocreatie.state"
    version: Literal[1] = 1
    state: RoomState


def render(state: RoomState, options: Options) -> bytes:
    """Hidden ideas are left out and names blanked unless the options ask for them; the undo
    history never leaves (it holds themes as they were before a hide)."""
    kept = state.model_copy(deep=True, update={"undo_log": []})
    if not options.include_hidden:
        kept.ideas = {key: idea for key, idea in kept.ideas.items() if not idea.hidden}
    if not options.include_names:
        for participant in kept.participants.values():
            participant.name = None
    data = StateFile(state=kept).model_dump(mode="json")
    for round_state, round_data in zip(kept.rounds, data["state"]["rounds"], strict=True):
        reports = statement_reports(kept, round_state, include_hidden=options.include_hidden)
        round_data["statements"] = [report.model_dump(mode="json", by_alias=True) for report in reports]
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def load_state(data: bytes) -> RoomState:
    """The state of a JSON export, or `InvalidMessage` saying why the file is not one."""
    try:
        return StateFile.model_validate_json(data).state
    except ValidationError as exc:
        raise InvalidMessage(f"not a cocreatie state export: {exc}") from exc
