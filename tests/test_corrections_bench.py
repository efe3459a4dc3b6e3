"""`benchmarks/corrections.py` runs on any labelled CSV and prints both curves as one JSON
object; without learning, moving wrong ideas to their class's theme only ever helps."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

IDEAS = {
    "fiets": ["Meer fietspaden in het centrum", "Veilige fietsenstalling bij het station",
              "Fietsers voorrang geven op kruispunten", "Een deelfietsensysteem voor de hele stad",
              "Bredere fietspaden langs de ring", "Gratis fietsreparatie op zaterdag"],
    "groen": ["Meer bomen in de straten", "Een park op het oude fabrieksterrein",
              "Geveltuinen voor iedere bewoner", "Bloemen langs de bermen zaaien",
              "Daktuinen op openbare gebouwen", "Een moestuin voor de buurt"],
    "afval": ["Vaker het plastic ophalen", "Meer prullenbakken in het park",
              "Statiegeld op blikjes", "Een kringloopwinkel in de wijk",
              "Boetes voor zwerfafval", "Gft-bakken bij flats"],
    "jeugd": ["Een jongerencentrum met muziekstudio", "Meer speeltuinen voor kleine kinderen",
              "Een skatepark bij de sporthal", "Huiswerkbegeleiding in de bibliotheek",
              "Sportdagen voor tieners in de zomer", "Een voetbalkooi op het plein"],
}
"""Small enough to cluster in a second, with the column names the script is told."""


def test_the_corrections_benchmark_prints_both_curves(tmp_path: Path) -> None:
    path = tmp_path / "ideas.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["idee", "thema"])
        writer.writerows((text, label) for label, texts in IDEAS.items() for text in texts)
    run = subprocess.run(
        [sys.executable, "benchmarks/corrections.py", str(path), "--text-column", "idee", "--label-column", "thema",
         "--json"],
        capture_output=True, timeout=100, check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    found = json.loads(run.stdout)
    assert found["file"] == str(path) and found["ideas"] == 24
    for curve in ("learning", "no_learning"):
        corrections = [point["corrections"] for point in found[curve]]
        assert len(corrections) == 3 and corrections == sorted(corrections) and corrections[-1] <= 7, found  # 5, 30 %
        assert all(set(point) == {"corrections", "nmi", "ari", "themes"} for point in found[curve])
    assert found["learning"][0] == found["no_learning"][0]
    aris = [point["ari"] for point in found["no_learning"]]
    assert aris == sorted(aris), aris
