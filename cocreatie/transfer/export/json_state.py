"""The folded state as JSON, enough to rebuild the workshop; `load_state` reads it back."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ValidationError

from cocreatie.errors import InvalidMessage
from cocreatie.models.state import RoomState
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
    return StateFile(state=kept).model_dump_json(indent=2).encode("utf-8")


def load_state(data: bytes) -> RoomState:
    """The state of a JSON export, or `InvalidMessage` saying why the file is not one."""
    try:
        return StateFile.model_validate_json(data).state
    except ValidationError as exc:
        raise InvalidMessage(f"not a cocreatie state export: {exc}") from exc
