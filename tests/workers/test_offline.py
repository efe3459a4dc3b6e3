from __future__ import annotations

import json
from pathlib import Path

import pytest

from workers.offline import UnreadableIdeas, cluster_file

IDEAS = [
    "meer fietspaden aanleggen",
    "veilige fietsroutes naar school",
    "fietsstraten in het centrum",
    "belastingen verlagen voor bedrijven",
    "lagere gemeentebelasting voor gezinnen",
    "minder taksen voor kleine handelaars",
]


def _write(folder: Path, kind: str) -> Path:
    path = folder / f"ideas.{kind}"
    if kind == "csv":
        path.write_text("id,text\n" + "".join(f'{n},"{idea}"\n' for n, idea in enumerate(IDEAS)))
    elif kind == "jsonl":
        path.write_text("".join(json.dumps({"text": idea}) + "\n" for idea in IDEAS))
    else:
        path.write_text("\n".join(IDEAS) + "\n")
    return path


@pytest.mark.parametrize("kind", ["csv", "jsonl", "txt"])
def test_every_input_format_gives_the_json_shape(tmp_path: Path, kind: str) -> None:
    report = json.loads(cluster_file(_write(tmp_path, kind), "json", None, "all-MiniLM-L6-v2"))
    assert set(report) == {"themes", "unassigned"}
    rows = sorted(row for theme in report["themes"] for row in theme["ideas"]) + report["unassigned"]
    assert sorted(rows) == list(range(len(IDEAS)))
    for theme in report["themes"]:
        assert set(theme) == {"id", "label", "keywords", "ideas"}
    assert {tuple(theme["ideas"]) for theme in report["themes"]} == {(0, 1, 2), (3, 4, 5)}


def test_markdown_lists_themes_and_ideas(tmp_path: Path) -> None:
    report = cluster_file(_write(tmp_path, "txt"), "md", 2, "all-MiniLM-L6-v2")
    assert report.count("## ") == 2
    assert "- meer fietspaden aanleggen" in report


def test_a_csv_without_text_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ideas.csv"
    path.write_text("idea\nmeer bomen\n")
    with pytest.raises(UnreadableIdeas, match="`text` column"):
        cluster_file(path, "json", None, "all-MiniLM-L6-v2")


def test_a_broken_json_line_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ideas.jsonl"
    path.write_text('{"text": "meer bomen"}\n{oops\n')
    with pytest.raises(UnreadableIdeas, match=":2:"):
        cluster_file(path, "json", None, "all-MiniLM-L6-v2")


def test_a_csv_is_read_as_import_ideas_reads_it(tmp_path: Path) -> None:
    """Semicolons (a Flemish Excel), blank rows skipped: the one CSV reader of the product."""
    path = tmp_path / "ideas.csv"
    path.write_text("text;group\n" + "".join(f"{idea};burger\n;\n" for idea in IDEAS))
    report = json.loads(cluster_file(path, "json", None, "all-MiniLM-L6-v2"))
    rows = sorted(row for theme in report["themes"] for row in theme["ideas"]) + report["unassigned"]
    assert sorted(rows) == list(range(len(IDEAS)))
