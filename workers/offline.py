"""`cocreatie cluster FILE`: cluster a file of ideas offline with the worker's pipeline.

Reads CSV (a `text` column, read as `cocreatie import-ideas` reads it), JSON lines
(objects with a `text` field, or bare strings) or plain text (one idea per line); themes
refer to ideas by row index (0-based, data rows only: blank rows are skipped). The
embedding and `recluster` are exactly what the worker runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from cocreatie.errors import InvalidMessage
from cocreatie.transfer.ideas_csv import parse_ideas_csv
from workers.embed import load_embedder
from workers.pipeline import IdeaRecord, Result, ThemeResult, recluster

FORMATS = ("json", "md")


class UnreadableIdeas(InvalidMessage):
    """The file is not CSV with a `text` column, JSON lines, or plain text."""


def read_ideas(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv(path)
    content = path.read_text(encoding="utf-8-sig")
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _json_lines(content, path)
    return [line.strip() for line in content.splitlines() if line.strip()]


def cluster_file(path: Path, output_format: str, themes: int | None, model: str) -> str:
    """Cluster the ideas in `path`; the JSON or Markdown report as a string."""
    if output_format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {output_format!r}")
    texts = read_ideas(path)
    vectors = load_embedder(model).encode(texts)
    ideas = [IdeaRecord(str(n), text, vectors[n]) for n, text in enumerate(texts)]
    counter = iter(range(1, len(ideas) + 2))
    result = recluster(ideas, [], lambda: f"t{next(counter)}", k=themes)
    if output_format == "json":
        return json.dumps(as_json(result), ensure_ascii=False, indent=2)
    return as_markdown(result, texts)


def as_json(result: Result) -> dict[str, object]:
    return {
        "themes": [
            {
                "id": theme.id,
                "label": theme.label,
                "keywords": list(theme.keywords),
                "ideas": _rows(theme.members),
            }
            for theme in _largest_first(result)
        ],
        "unassigned": _rows(result.unassigned),
    }


def as_markdown(result: Result, texts: Sequence[str]) -> str:
    lines: list[str] = []
    for theme in _largest_first(result):
        lines += [f"## {theme.label}", "", f"*{', '.join(theme.keywords)}*", ""]
        lines += [f"- {texts[row]}" for row in _rows(theme.members)] + [""]
    if result.unassigned:
        lines += ["## Unassigned", ""]
        lines += [f"- {texts[row]}" for row in _rows(result.unassigned)] + [""]
    return "\n".join(lines)


def _largest_first(result: Result) -> list[ThemeResult]:
    return sorted(result.themes, key=lambda theme: -len(theme.members))


def _rows(ideas: Sequence[str]) -> list[int]:
    return sorted(int(idea) for idea in ideas)


def _csv(path: Path) -> list[str]:
    try:
        return [idea.text for idea in parse_ideas_csv(path.read_bytes())]
    except InvalidMessage as error:
        raise UnreadableIdeas(f"{path}: {error.message}") from error


def _json_lines(content: str, path: Path) -> list[str]:
    texts = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise UnreadableIdeas(f"{path}:{number}: not a JSON line ({error.msg})") from error
        text = item.get("text") if isinstance(item, dict) else item
        if not isinstance(text, str):
            raise UnreadableIdeas(f"{path}:{number}: expected a string or an object with `text`")
        texts.append(text.strip())
    return texts
