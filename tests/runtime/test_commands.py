"""`cocreatie export` reads a workshop straight from Redis (REDIS_URL or the data dir's)."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from pathlib import Path

from docx import Document

from tests.clients import collecting_room, post_idea
from tests.processes import run_cocreatie


async def test_export_by_join_code_to_stdout_and_to_a_file(
    web: str, redis_url: str, stack: AsyncExitStack, tmp_path: Path
) -> None:
    room = await collecting_room(stack, web, title="Regio Noord")
    workshop = room.workshop
    await post_idea(room.phone, "e", "Een gedeelde visie op wonen")

    markdown = run_cocreatie("export", workshop.join_code.lower(), "--format", "md", env={"REDIS_URL": redis_url})
    assert markdown.returncode == 0, markdown.stderr
    assert "Een gedeelde visie op wonen" in markdown.stdout.decode()

    for flags, expected, other in ((), ";", ","), (("--separator", "comma"), ",", ";"):
        table = run_cocreatie("export", workshop.workshop_id, "--format", "csv", *flags, env={"REDIS_URL": redis_url})
        assert table.returncode == 0, table.stderr
        header = table.stdout.decode("utf-8-sig").splitlines()[0]
        assert header.count(expected) >= 2 and other not in header, header

    report = tmp_path / "rapport.docx"
    written = run_cocreatie(
        "export", workshop.workshop_id, "--format", "docx", "-o", str(report), env={"REDIS_URL": redis_url}
    )
    assert written.returncode == 0, written.stderr
    assert "Regio Noord" in "\n".join(paragraph.text for paragraph in Document(str(report)).paragraphs)


def test_export_of_an_unknown_workshop_says_so(tmp_path: Path) -> None:
    result = run_cocreatie("export", "w_nothere", env={"REDIS_URL": "", "COCREATIE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert b"no workshop with id or join code 'w_nothere'" in result.stderr


async def test_import_of_a_json_export_and_of_a_csv_of_ideas(
    web: str, redis_url: str, stack: AsyncExitStack, tmp_path: Path
) -> None:
    room = await collecting_room(stack, web, title="Politiezone West")
    workshop = room.workshop
    await post_idea(room.phone, "j", "Meer wijkagenten")
    exported = tmp_path / "workshop.json"
    assert (
        run_cocreatie(
            "export", workshop.workshop_id, "--format", "json", "-o", str(exported), env={"REDIS_URL": redis_url}
        ).returncode
        == 0
    )

    restored = run_cocreatie("import", str(exported), env={"REDIS_URL": redis_url})
    assert restored.returncode == 0, restored.stderr
    new_id = restored.stdout.decode().split()[1].rstrip(",")
    assert new_id != workshop.workshop_id

    ideas = tmp_path / "ideas.csv"
    ideas.write_text("text;group\nCameratoezicht op de markt;burger\nSamen patrouilleren met de buurzone;\n")
    added = run_cocreatie("import-ideas", new_id, "r1", str(ideas), "--group", "partner", env={"REDIS_URL": redis_url})
    assert added.stdout.decode() == "2 ideas added to round r1\n"
    markdown = run_cocreatie("export", new_id, "--format", "md", env={"REDIS_URL": redis_url}).stdout.decode()
    for text in ("Meer wijkagenten", "Cameratoezicht op de markt", "Samen patrouilleren met de buurzone"):
        assert text in markdown


def test_cluster_prints_themes_of_a_file_as_json_and_markdown(tmp_path: Path) -> None:
    ideas = tmp_path / "ideas.txt"
    ideas.write_text(
        "Meer fietspaden aanleggen\nVeilige fietsroutes naar school\nFietsstraten rond de scholen\n"
        "Belastingen verlagen voor bedrijven\nLagere belastingen voor ondernemers\nMinder gemeentebelasting\n"
        "Eén loket voor alle diensten\nDigitaal loket voor de nieuwe gemeente\nLoket ook op zaterdag open\n"
    )
    result = run_cocreatie("cluster", str(ideas), env={})
    assert result.returncode == 0, result.stderr
    shape = json.loads(result.stdout)
    assert set(shape) == {"themes", "unassigned"}
    assert all(set(theme) == {"id", "label", "keywords", "ideas"} for theme in shape["themes"])
    rows = sorted(row for theme in shape["themes"] for row in theme["ideas"]) + shape["unassigned"]
    assert sorted(rows) == list(range(9))
    bikes = next(theme["ideas"] for theme in shape["themes"] if 0 in theme["ideas"])
    assert 1 in bikes and 3 not in bikes
    markdown = run_cocreatie("cluster", str(ideas), "--themes", "2", "--format", "md", env={}).stdout.decode()
    assert markdown.startswith("#") and "Meer fietspaden aanleggen" in markdown
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert len(headings) == 2 and "## Unassigned" not in headings  # two themes forced, nobody left out
