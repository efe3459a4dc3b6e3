from __future__ import annotations

import json

import pytest

from cocreatie.errors import InvalidMessage
from cocreatie.stream.fold import fold
from cocreatie.transfer.export import export
from cocreatie.transfer.export.json_state import load_state
from tests.scripted_workshop import scripted


def test_the_full_export_loads_back_equal_to_the_folded_state() -> None:
    script = scripted()
    data = export(script.state, "json", include_hidden=True, include_names=True)
    without_history = script.state.model_copy(update={"undo_log": []})  # the undo history never leaves
    assert load_state(data) == without_history
    assert load_state(data) == fold("ws-1", script.events).model_copy(update={"undo_log": []})


def test_the_default_export_drops_hidden_ideas_and_names_but_keeps_the_rest() -> None:
    state = scripted().state
    loaded = load_state(export(state, "json"))
    assert set(loaded.ideas) == {key for key, idea in state.ideas.items() if not idea.hidden}
    assert all(participant.name is None for participant in loaded.participants.values())
    assert loaded.rounds == state.rounds


@pytest.mark.parametrize(
    "data",
    [b"not json", b"{}", json.dumps({"format": "other", "version": 1, "state": {}}).encode(),
     json.dumps({"format": "cocreatie.state", "version": 2, "state": {}}).encode()],
)
def test_anything_else_is_refused(data: bytes) -> None:
    with pytest.raises(InvalidMessage, match="not a cocreatie state export"):
        load_state(data)
