from __future__ import annotations

import json

import pytest

from cocreatie.errors import InvalidMessage
from cocreatie.stream.fold import fold
from cocreatie.transfer.export import export
from cocreatie.transfer.export.json_state import load_state
from tests.scripted_workshop import scripted
from tests.statement_workshop import FINAL_TEXT, IDEAS, ORDER, expected_counts, statement_round


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


def test_each_round_carries_its_statements_and_final_text_as_design_8_says() -> None:
    stream = statement_round()
    state = fold("ws-s", stream.entries)
    exported = json.loads(export(state, "json"))["state"]["rounds"][0]
    ids = stream.statement_ids
    assert [s["id"] for s in exported["statements"]] == [ids[key] for key in ORDER]
    for statement in exported["statements"]:
        design = {"id", "text", "theme_ids", "idea_ids", "answers", "consensus", "dividing"}
        assert set(statement) == design | {"serves"}  # §8's fields, and the statements it serves
        key = next(k for k, i in ids.items() if i == statement["id"])
        assert statement["answers"] == expected_counts(key)
        assert set(statement["consensus"]) == {"product", "geometric_mean", "weakest_group"}
    dienst = exported["statements"][ORDER.index("dienst")]
    assert (dienst["dividing"], dienst["consensus"]["weakest_group"]) == (True, "burger")
    assert exported["final_text"] == [
        {"text": text, "statement_ids": [ids[key] for key in keys]} for text, keys in FINAL_TEXT
    ]
    assert load_state(export(state, "json", include_hidden=True, include_names=True)) == state.model_copy(
        update={"undo_log": []}
    )


def test_a_statement_names_hidden_ideas_only_in_an_export_with_hidden_ones() -> None:
    stream = statement_round()
    state = fold("ws-s", stream.entries)
    hidden = {i for i, idea in zip(stream.idea_ids, IDEAS, strict=True) if idea[3]}

    def named(include_hidden: bool = False) -> set[str]:
        rounds = json.loads(export(state, "json", include_hidden=include_hidden))["state"]["rounds"]
        return {i for r in rounds for s in r["statements"] for i in s["idea_ids"]}

    assert hidden <= named(include_hidden=True)
    assert not hidden & named()
