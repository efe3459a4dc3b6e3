"""Ideas from a CSV (another tool, a paper session) appended to a round, then clustered.

Each stakeholder group used gets one participant named "import" (`import:<group>`), and
each idea the key `import:<group>:<digest>:<line>` in the room's idempotency record, the
same `participant:client_id` record that phones' ideas use: importing a file again adds
nothing. Unlike a phone, an import is welcome in every phase before the vote (the themes are
frozen from then on). The clustering
workers are told once, after the whole file is in the stream.
"""

from __future__ import annotations

import hashlib
import json
import time

from cocreatie.errors import Deleted, InvalidMessage, NotFound
from cocreatie.models import events as ev
from cocreatie.models.state import IMPORT_PARTICIPANT_PREFIX
from cocreatie.stream.fold import fold
from cocreatie.stream.store import EventStore, Keyed
from cocreatie.transfer.ideas_csv import ImportedIdea

IMPORT_NAME = "import"
DIGEST_CHARS = 16


async def import_ideas(
    store: EventStore, workshop_id: str, round_id: str, ideas: list[ImportedIdea], group_default: str
) -> list[str]:
    """The ids of the ideas added now (none when the file was imported before), in file order.

    An idea without a group gets `group_default`; every group must be one of the workshop's.
    Raises NotFound for an unknown workshop or round, WrongPhase when the round votes or is
    closed, Deleted for a deleted workshop (also when it is deleted while the file goes in).
    """
    first = await store.read(workshop_id, count=1)
    if not first and await store.is_deleted(workshop_id):
        raise Deleted(f"workshop {workshop_id} was deleted")
    state = fold(workshop_id, first)
    if state.round(round_id) is None:
        raise NotFound(f"workshop {workshop_id} has no round {round_id!r}")
    groups = [_group(idea, group_default, state.groups) for idea in ideas]
    digest = _digest(round_id, ideas, groups)
    at = time.time()
    joins = [_joined(group) for group in dict.fromkeys(groups)]
    added = [_added(round_id, idea, group, digest, at) for idea, group in zip(ideas, groups, strict=True)]
    replies = await store.import_ideas(workshop_id, round_id, [*joins, *added])
    new_ids = [event_id for event_id, new in replies[len(joins):] if new]
    if new_ids:
        await store.notify_workers(workshop_id, new_ids[-1])
    return new_ids


def _group(idea: ImportedIdea, default: str, groups: list[str]) -> str:
    group = idea.group or default
    if group not in groups:
        problem = f"{group!r} is not a stakeholder group of this workshop" if group else "no stakeholder group"
        raise InvalidMessage(f"line {idea.line}: {problem}; give it one of {', '.join(groups)}")
    return group


def _participant(group: str) -> str:
    return f"{IMPORT_PARTICIPANT_PREFIX}{group}"


def _joined(group: str) -> Keyed:
    joined = ev.ParticipantJoined(participant_id=_participant(group), group=group, name=IMPORT_NAME)
    return f"{joined.participant_id}:joined", joined


def _digest(round_id: str, ideas: list[ImportedIdea], groups: list[str]) -> str:
    """The same file into the same round, with the same groups, has the same digest."""
    content = [round_id, *([idea.line, idea.text, group] for idea, group in zip(ideas, groups, strict=True))]
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()[:DIGEST_CHARS]


def _added(round_id: str, idea: ImportedIdea, group: str, digest: str, at: float) -> Keyed:
    participant_id, client_id = _participant(group), f"{digest}:{idea.line}"
    event = ev.IdeaAdded(round_id=round_id, participant_id=participant_id, client_id=client_id, text=idea.text, at=at)
    return f"{participant_id}:{client_id}", event
