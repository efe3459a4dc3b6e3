"""Theme labels against DESIGN §7's rules, on hand-labelled Dutch themes and the shared sets.

    .venv/bin/python -m benchmarks.labels [--datasets ../shared/datasets] [--samples 20]
        [--labeller workers.label]

(a) `benchmarks/data/labelled_themes_nl.json`: per round, `describe` over its themes with
the round's prompt; how often our label shares a lemma with the person's, and rule breaks.
(b) every CSV of the shared datasets (CLINC150's val.csv skipped) as workshop-sized
samples (`benchmarks.clustering.samples`, seed 0), the gold classes as themes (so the
figures judge the labels, not the clustering): the share of labels that break a rule
(target 0) and the mean share of a theme's ideas that contain a label word or its gloss.
`--labeller` names a module with a `describe` of the same signature (a "before" column).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.clustering import samples
from workers.gloss import Gloss
from workers.label import Description, LabelContext, background, is_banned
from workers.language import Language
from workers.lemmas import fold, key, keys, language_of, lemma, tokens
from workers.parts_of_speech import Part, parts_of_speech

LABELLED = Path(__file__).parent / "data" / "labelled_themes_nl.json"
RULES = ("words", "stop", "prompt", "background", "language", "lemma twice", "accent")
MOST_WORDS = 3
Describe = Callable[..., list[Description]]


@dataclass(frozen=True)
class Judged:
    """One label and what it breaks."""

    words: tuple[str, ...]
    breaks: frozenset[str]
    covered: float
    noun_first: bool


def judge(label: str, theme: Sequence[str], context: LabelContext, round_texts: Sequence[str], gloss: Gloss) -> Judged:
    """The rules a label breaks (DESIGN §7) and the share of the theme's ideas it covers."""
    words = tuple(tokens(label))
    language = context.language
    spoken = [text for text in theme if language_of(text, language) == language]
    allowed = keys(spoken or theme, language)
    breaks = {
        "words": not 1 <= len(words) <= MOST_WORDS,
        "stop": any(is_banned(word, language) for word in words),
        "prompt": bool({key(word, language) for word in words} & keys([context.prompt], language)),
        "background": bool({key(word, language) for word in words} & background(round_texts, language)),
        "language": any(key(word, language) not in allowed for word in words),
        "lemma twice": len({key(word, language) for word in words}) < len(words),
        "accent": any(fold(lemma(word, language)) == fold(word) != word and lemma(word, language) != word
                      for word in words),
    }
    found = {rule for rule, broken in breaks.items() if broken}
    parts = parts_of_speech()
    noun_first = bool(words) and parts.part(words[0], language) is Part.NOUN
    return Judged(words, frozenset(found), _covered(words, theme, language, gloss), noun_first)


def _covered(words: Sequence[str], theme: Sequence[str], language: Language, gloss: Gloss) -> float:
    """The share of ideas holding a label word (as a lemma) or an English word of its gloss."""
    mine = {key(word, language) for word in words}
    english = {part for word in words for part in tokens(gloss(word))}
    hits = 0
    for text in theme:
        spoken = language_of(text, language)
        own = {key(word, spoken) for word in tokens(text)}
        hits += bool(mine & own or english & set(tokens(gloss(text))))
    return hits / max(len(theme), 1)


def _round(describe: Describe, themes: Sequence[Sequence[str]], context: LabelContext) -> list[Description]:
    vectors = [np.ones((len(theme), 1), dtype=np.float32) for theme in themes]
    return describe(themes, vectors, context)


def labelled(describe: Describe, gloss: Gloss) -> None:
    rounds = json.loads(LABELLED.read_text(encoding="utf-8"))["rounds"]
    rows = []
    for room in rounds:
        context = LabelContext("nl", room["prompt"])
        themes = [theme["ideas"] for theme in room["themes"]]
        every = [text for theme in themes for text in theme]
        for theme, found in zip(room["themes"], _round(describe, themes, context), strict=True):
            judged = judge(found.label, theme["ideas"], context, every, gloss)
            person = keys([theme["label"]], "nl")
            shares = bool({key(word, "nl") for word in judged.words} & person)
            on_board = shares or bool(keys(found.keywords, "nl") & person)
            rows.append((theme["label"], found.label, shares, on_board, judged))
    print(f"\n### Hand-labelled Dutch themes ({len(rows)} themes, {len(rounds)} prompts)\n")
    print("| label shares a lemma with the person's | label or keywords do | breaks a rule "
          "| ideas covered | first word a noun |")
    print("|---|---|---|---|---|")
    print(f"| {_share(r[2] for r in rows)} | {_share(r[3] for r in rows)} | {_share(bool(r[4].breaks) for r in rows)} "
          f"| {np.mean([r[4].covered for r in rows]):.0%} | {_share(r[4].noun_first for r in rows)} |")
    print("\n<details><summary>person's label → ours</summary>\n")
    for person, ours, shares, _, judged in rows:
        broken = f" (breaks: {', '.join(sorted(judged.breaks))})" if judged.breaks else ""
        print(f"- {'✓' if shares else '✗'} {person} → {ours}{broken}")
    print("\n</details>")


def datasets(describe: Describe, root: Path, count: int, gloss: Gloss) -> None:
    print(f"\n### Shared datasets (gold classes as themes, {count} samples of 40–90 ideas per set)\n")
    print("| set | themes | breaks a rule | " + " | ".join(RULES) + " | ideas covered | first word a noun |")
    print("|---|---|---|" + "---|" * len(RULES) + "---|---|")
    for path in sorted(root.glob("*/*.csv")):
        if path.name == "val.csv":
            continue
        with path.open(encoding="utf-8") as handle:
            table = list(csv.DictReader(handle))
        texts = np.array([row["text"] for row in table])
        labels = np.array([row["label"] for row in table])
        language: Language = "nl" if path.stem in ("nl", "nld_Latn") else "en"
        judged = []
        for rows in samples(labels, count):
            sample = texts[rows].tolist()
            themes = [texts[rows][labels[rows] == gold].tolist() for gold in np.unique(labels[rows])]
            context = LabelContext(language)
            for theme, found in zip(themes, _round(describe, themes, context), strict=True):
                judged.append(judge(found.label, theme, context, sample, gloss))
        broken: Counter[str] = Counter(rule for one in judged for rule in one.breaks)
        name = str(path.relative_to(root).with_suffix(""))
        cells = " | ".join(f"{broken[rule] / len(judged):.1%}" for rule in RULES)
        print(f"| {name} | {len(judged)} | {_share(bool(one.breaks) for one in judged)} | {cells} "
              f"| {np.mean([one.covered for one in judged]):.0%} | {_share(one.noun_first for one in judged)} |",
              flush=True)


def _share(flags: object) -> str:
    values = list(flags)  # type: ignore[call-overload]
    return f"{np.mean(values):.0%}" if values else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--labeller", default="workers.label")
    args = parser.parse_args()
    describe: Describe = importlib.import_module(args.labeller).describe
    gloss = Gloss.load()
    print(f"## Labels ({args.labeller})")
    labelled(describe, gloss)
    datasets(describe, args.datasets, args.samples, gloss)
    print(f"\nRepeat: .venv/bin/python -m benchmarks.labels --datasets {args.datasets} "
          f"--samples {args.samples} --labeller {args.labeller}")


if __name__ == "__main__":
    main()
