"""How calm the board stays: the share of shown ideas each automatic re-clustering moves.

    .venv/bin/python -m benchmarks.churn [--datasets ../shared/datasets] [--ideas 200] [--batch 10]
                                         [--redis-url URL] [--headings]

The real worker path: a RoomWorker against a real Redis (an embedded one unless
`--redis-url`), per labelled set a shuffled sample (seed 1) of `--ideas` ideas arriving
in batches of `--batch`; after every batch the worker's pass (fast path) and then the
debounced, automatic re-clustering (`RoomWorker.run_due`). A scripted facilitator renames
the biggest theme after batch 4, moves two ideas into the second biggest after batch 8
and pins the third after batch 12. Per automatic re-clustering: the share of ideas shown
in a touched theme that changed theme (must be 0) and of ideas shown in an untouched theme
that did (the cap is max(1, ⌊5 %·n⌋)); next to it the share an uncapped re-clustering of
the same board would have moved, and NMI of the final board against the labels (ideas
left unassigned count as singletons), against one uncapped re-clustering of all ideas.

`--headings` instead measures the heading hint (`workers.headings`) on xSID nl.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Phase, Round
from cocreatie.runtime.embedded_redis import embedded_redis
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.store import NewWorkshop
from cocreatie.tokens import new_id, new_token
from workers import headings, pipeline
from workers.churn import budget
from workers.embed import Embedder, load_embedder
from workers.room_lock import RoomLock
from workers.room_worker import RoomWorker
from workers.vectors import VectorStore

SETS = ("xsid/nl.csv", "sib200/nld_Latn.csv", "banking77_en/test.csv", "clinc150_en/test.csv")
FACILITATOR_BATCHES = (4, 8, 12)


@dataclass(frozen=True)
class Step:
    """One automatic re-clustering: moved / shown, in touched and untouched themes."""

    touched: tuple[int, int]
    untouched: tuple[int, int]
    uncapped: tuple[int, int]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--ideas", type=int, default=200)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--redis-url")
    parser.add_argument("--headings", action="store_true")
    args = parser.parse_args()
    embedder = load_embedder()
    if args.headings:
        _headings(args.datasets, embedder)
    else:
        asyncio.run(_churn(args, embedder))
    again = " --headings" if args.headings else f" --ideas {args.ideas} --batch {args.batch}"
    print(f"\nRepeat: .venv/bin/python -m benchmarks.churn --datasets {args.datasets}{again}")


async def _churn(args: argparse.Namespace, embedder: Embedder) -> None:
    rows = "| set | re-clusterings | untouched moved: median / max | over the cap | uncapped would move: median / max"
    print(f"{rows} | touched moved: max | unassigned at the end | NMI board / uncapped |\n" + "|---" * 8 + "|")
    async with _redis(args.redis_url) as url:
        for name in SETS:
            texts, labels = _sample(args.datasets / name, args.ideas)
            steps, final = await _run(url, embedder, texts, labels, args.batch)
            print(_row(name, steps, final, labels, embedder))
            moved = " ".join(_share(step.untouched) for step in steps)
            print(f"|  | per re-clustering, untouched moved: {moved} ||||||")


@asynccontextmanager
async def _redis(url: str | None) -> AsyncIterator[str]:
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        async with embedded_redis(Path(folder)) as started:
            yield started


async def _run(
    url: str, embedder: Embedder, texts: list[str], labels: list[str], batch: int
) -> tuple[list[Step], RoomState]:
    async with connect(url) as client, connect(url, binary=True) as binary:
        store = RedisEventStore(client, 3600)
        room = await _workshop(store)
        worker = RoomWorker(store, RoomLock(client), VectorStore(binary), embedder)
        steps: list[Step] = []
        for number, start in enumerate(range(0, len(texts), batch)):
            for text in texts[start : start + batch]:
                await store.append(room, ev.IdeaAdded(
                    round_id="r1", participant_id="p1", client_id=new_id("c"), text=text, at=time.time()
                ))
            await worker.handle_room(room)
            if number in FACILITATOR_BATCHES:
                await _facilitate(store, room, FACILITATOR_BATCHES.index(number))
                await worker.handle_room(room)
            before = fold(room, await store.read(room))
            await worker.run_due(everything=True)
            steps.append(_step(before, fold(room, await store.read(room)), await _uncapped(before, worker, room)))
        final = fold(room, await store.read(room))
        await store.delete(room, final.join_code)
    return steps, final


async def _workshop(store: RedisEventStore) -> str:
    room = new_id("w")
    created = ev.WorkshopCreatedEvent(
        title="Churn", language="nl", groups=["burger"], join_code=await store.claim_join_code(room),
        rounds=[Round(id="r1", prompt="Wat moet beter?")], created_at=time.time(),
    )
    await store.create_workshop(NewWorkshop(room, created.join_code, new_token(), created))
    await store.append(room, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
    return room


async def _facilitate(store: RedisEventStore, room: str, act: int) -> None:
    """Rename the biggest theme; move two ideas into the second; pin the third."""
    state = fold(room, await store.read(room))
    ranked = [theme_id for theme_id, _ in Counter(_shown(state).values()).most_common()]
    if len(ranked) <= act:
        return
    target = ranked[act]
    if act == 0:
        await store.append(room, ev.ThemeRenamed(theme_id=target, label="Door de facilitator"))
    elif act == 1:
        others = [i for i, t in _shown(state).items() if t != target][:2]
        await store.append(room, ev.IdeaMoved(idea_id=others[0], idea_ids=others, theme_id=target))
    else:
        await store.append(room, ev.ThemePinned(theme_id=target, pinned=True))


async def _uncapped(before: RoomState, worker: RoomWorker, room: str) -> pipeline.Result:
    """What an uncapped re-clustering (as if the facilitator asked) would make of the board."""
    round_state = before.rounds[0]
    ideas = [i for i in before.ideas.values() if not i.hidden]
    vectors = await worker.vectors.get(room, [i.id for i in ideas])
    records = [pipeline.IdeaRecord(i.id, i.text, vectors[i.id], i.theme_id, i.placed) for i in ideas]
    themes = [pipeline.ThemeRecord(t.id, t.pinned, None, t.touched) for t in round_state.themes.values()]
    return pipeline.recluster(records, themes, _ids("u"))


def _step(before: RoomState, after: RoomState, uncapped: pipeline.Result) -> Step:
    touched = {t.id for t in before.rounds[0].themes.values() if t.touched}
    shown, now, other = _shown(before), _shown(after), uncapped.assignments()
    inside = [i for i, t in shown.items() if t in touched]
    outside = [i for i, t in shown.items() if t not in touched]
    return Step(
        touched=(sum(now.get(i) != shown[i] for i in inside), len(inside)),
        untouched=(sum(now.get(i) != shown[i] for i in outside), len(outside)),
        uncapped=(sum(other.get(i) != shown[i] for i in outside), len(outside)),
    )


def _shown(state: RoomState) -> dict[str, str]:
    """Ideas in a theme (the facilitator's placed ones aside), idea id -> theme id."""
    return {i.id: i.theme_id for i in state.ideas.values() if i.theme_id is not None and not i.placed}


def _row(name: str, steps: Sequence[Step], final: RoomState, labels: list[str], embedder: Embedder) -> str:
    untouched = [_ratio(s.untouched) for s in steps]
    uncapped = [_ratio(s.uncapped) for s in steps]
    over = sum(s.untouched[0] > budget(s.untouched[1]) for s in steps)
    alone = sum(i.theme_id is None for i in final.ideas.values()) / len(final.ideas)
    return (
        f"| {name} | {len(steps)} | {statistics.median(untouched):.1%} / {max(untouched):.1%} | {over} "
        f"| {statistics.median(uncapped):.1%} / {max(uncapped):.1%} | {max(_ratio(s.touched) for s in steps):.0%} "
        f"| {alone:.0%} | {_nmi(final, labels):.3f} / {_nmi_fresh(final, labels, embedder):.3f} |"
    )


def _ratio(counts: tuple[int, int]) -> float:
    return counts[0] / counts[1] if counts[1] else 0.0


def _share(counts: tuple[int, int]) -> str:
    return f"{counts[0]}/{counts[1]}"


def _nmi(state: RoomState, labels: list[str]) -> float:
    ideas = list(state.ideas.values())
    return float(normalized_mutual_info_score(labels, [i.theme_id or f"alone {i.id}" for i in ideas]))


def _nmi_fresh(state: RoomState, labels: list[str], embedder: Embedder) -> float:
    ideas = list(state.ideas.values())
    rows = embedder.encode([i.text for i in ideas])
    found = pipeline.recluster(
        [pipeline.IdeaRecord(i.id, i.text, row) for i, row in zip(ideas, rows, strict=True)], [], _ids("f")
    ).assignments()
    return float(normalized_mutual_info_score(labels, [found[i.id] or f"alone {i.id}" for i in ideas]))


def _ids(prefix: str) -> Callable[[], str]:
    numbers = itertools.count()
    return lambda: f"{prefix}{next(numbers)}"


def _sample(path: Path, size: int) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    random.Random(1).shuffle(rows)
    return [r["text"] for r in rows[:size]], [r["label"] for r in rows[:size]]


def _headings(datasets: Path, embedder: Embedder) -> None:
    """Half of xSID nl answers a heading (its coarse intent): how often do same-heading pairs
    share a theme, and what does it do to NMI against the fine intents?"""
    with (datasets / "xsid/nl.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    random.Random(0).shuffle(rows)
    rows_of = embedder.encode([r["text"] for r in rows])
    hints = [r["label_coarse"] if n % 2 == 0 else None for n, r in enumerate(rows)]
    print("| weight | themes | same-heading pairs together | NMI (fine intents) |\n|---|---|---|---|")
    for weight in (0.0, 0.5, 1.0, 2.0):
        mixed = headings.hinted(rows_of, hints, weight)
        ideas = [pipeline.IdeaRecord(str(n), r["text"], mixed[n]) for n, r in enumerate(rows)]
        result = pipeline.recluster(ideas, [], _ids("t"))
        found = result.assignments()
        themes = [found[str(n)] or f"alone {n}" for n in range(len(rows))]
        nmi = normalized_mutual_info_score([r["label"] for r in rows], themes)
        print(f"| {weight:g} | {len(result.themes)} | {_together(themes, hints):.3f} | {nmi:.3f} |")


def _together(themes: Sequence[str], hints: Sequence[str | None]) -> float:
    same = total = 0
    for hint in {h for h in hints if h is not None}:
        counts = Counter(t for t, h in zip(themes, hints, strict=True) if h == hint)
        n = sum(counts.values())
        same += sum(c * (c - 1) for c in counts.values())
        total += n * (n - 1)
    return same / total if total else float(np.nan)


if __name__ == "__main__":
    main()
