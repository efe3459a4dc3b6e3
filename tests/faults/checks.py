"""What must hold after every fault: each acknowledged idea once in the folded state,
every idea answered by a worker, and each client's event ids equal to the stream."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx

from cocreatie.stream import keys
from cocreatie.stream.ids import stream_id_key
from tests.clients import Workshop
from tests.faults.followers import Follower
from tests.processes import cocreatie_command
from tests.redis_clients import sync_client

WORKER_SECONDS = 180
Entries = list[tuple[str, dict[str, str]]]
FAST_CLAIM = {"COCREATIE_CLAIM_IDLE_MS": "500"}


def folded_state(workshop: Workshop, base: str) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {workshop.token}"}
    answer = httpx.get(f"{base}/api/workshops/{workshop.workshop_id}", headers=headers, timeout=10)
    answer.raise_for_status()
    state: dict[str, object] = answer.json()
    return state


def assert_acknowledged_once(state: dict[str, object], phones: list[Follower]) -> None:
    """Every acknowledged idea is in the state under its acknowledged id, and no client id twice."""
    ideas: dict[str, dict[str, object]] = state["ideas"]  # type: ignore[assignment]
    acked = {event_id: client_id for phone in phones for client_id, event_id in phone.acked.items()}
    assert set(acked) <= set(ideas), f"acknowledged but missing: {sorted(set(acked) - set(ideas))}"
    for event_id, client_id in acked.items():
        assert ideas[event_id]["client_id"] == client_id
    per_client = Counter((idea["participant_id"], idea["client_id"]) for idea in ideas.values())
    assert max(per_client.values()) == 1, f"duplicated: {[key for key, n in per_client.items() if n > 1]}"


def run_burst_worker(redis_url: str, log: Path) -> None:
    """One `cocreatie worker --burst`: it does all pending work and stops by itself."""
    with open(log, "ab") as output:
        worker = cocreatie_command("worker", "--burst", env={"REDIS_URL": redis_url, **FAST_CLAIM}, output=output)
    assert worker.wait(WORKER_SECONDS) == 0, f"the worker failed; see {log}"


def stream(redis_url: str, workshop_id: str) -> Entries:
    with sync_client(redis_url, decode_responses=True) as client:
        entries: Entries = client.xrange(keys.events(workshop_id))
    return entries


def assert_every_idea_placed(redis_url: str, workshop_id: str, entries: Entries, state: dict[str, object]) -> None:
    """A worker went through every idea (its cursor, stored with its results, is past the
    last one), and each idea sits in a theme of its round or is unassigned."""
    ideas = [entry_id for entry_id, fields in entries if fields["event"] == "idea.added"]
    with sync_client(redis_url, decode_responses=True) as client:
        cursor = client.hget(keys.cursor(workshop_id), "last") or "0-0"
    stopped_at = stream_id_key(str(cursor))
    assert ideas and stopped_at >= stream_id_key(ideas[-1]), f"the worker stopped at {cursor}, before {ideas[-1]}"
    rounds: list[dict[str, object]] = state["rounds"]  # type: ignore[assignment]
    themes = {str(r["id"]): set(r["themes"]) for r in rounds}  # type: ignore[call-overload]
    folded: dict[str, dict[str, object]] = state["ideas"]  # type: ignore[assignment]
    assert set(ideas) == set(folded)
    for idea in folded.values():
        assert idea["theme_id"] is None or idea["theme_id"] in themes[str(idea["round_id"])], idea


def assert_ids_match_the_stream(entries: Entries, followers: list[Follower]) -> None:
    """No gaps, no repeats: what each client was sent is the stream after its first welcome."""
    order = [entry_id for entry_id, _ in entries]
    for follower in followers:
        assert follower.start is not None and all(follower.resumed), "a reconnect got a snapshot, not a resume"
        first = order.index(follower.start) + 1 if follower.start in order else 0
        expected = order[first:first + len(follower.ids)]
        assert follower.ids == expected, _difference(follower.ids, expected)
        assert follower.ids[-1:] == order[-1:], "the client did not read to the end of the stream"


def _difference(seen: list[str], expected: list[str]) -> str:
    repeats = [event_id for event_id, n in Counter(seen).items() if n > 1]
    return f"repeats {repeats[:5]}, gaps {sorted(set(expected) - set(seen))[:5]}, seen {len(seen)} of {len(expected)}"
