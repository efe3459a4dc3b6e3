"""Settings fail loudly: a malformed value or a COCREATIE_ variable that is no setting stops the program."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cocreatie.errors import ConfigError
from cocreatie.settings import load_settings, variable_names
from tests.processes import run_cocreatie

ROOT = Path(__file__).resolve().parents[1]
NOT_SCANNED = {".git", ".venv", ".mypy_cache", ".pytest_cache", ".ruff_cache", "cocreatie.egg-info", "test-artifacts"}


@pytest.mark.parametrize(
    ("variable", "meant"),
    [
        ("COCREATIE_PROT", "COCREATIE_PORT"),
        ("COCREATIE_LOGLEVEL", "COCREATIE_LOG_LEVEL"),
        ("cocreatie_worker", "COCREATIE_WORKERS"),
        ("COCREATIE_REDIS_URL", "REDIS_URL"),
    ],
)
def test_an_unknown_variable_names_the_nearest_setting(
    monkeypatch: pytest.MonkeyPatch, variable: str, meant: str
) -> None:
    monkeypatch.setenv(variable, "1")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value) == f"{variable} is not a setting; did you mean {meant}?"


def test_an_unknown_variable_far_from_any_setting_lists_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCREATIE_XYZZY", "1")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value) == "COCREATIE_XYZZY is not a setting; the settings are " + ", ".join(variable_names())


def test_every_unknown_variable_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCREATIE_PROT", "1")
    monkeypatch.setenv("COCREATIE_HOTS", "1")
    with pytest.raises(ConfigError, match=r"COCREATIE_HOTS .*; COCREATIE_PROT "):
        load_settings()


def test_a_misspelt_variable_stops_serve_with_exit_code_2() -> None:
    result = run_cocreatie("serve", env={"COCREATIE_PROT": "8080"}, timeout=60)
    assert result.returncode == 2
    assert b"cocreatie: COCREATIE_PROT is not a setting; did you mean COCREATIE_PORT?" in result.stderr


def test_every_cocreatie_variable_the_repository_mentions_is_a_setting() -> None:
    """Docs, compose file, CI, scripts, benchmarks and tests name only real settings (a
    test harness variable with our prefix would stop every process the tests start).
    This file is not scanned: it misspells on purpose."""
    found: dict[str, set[str]] = {}
    for path in set(_scanned_files(ROOT)) - {Path(__file__).resolve()}:
        for name in re.findall(r"\bCOCREATIE_[A-Z0-9_]*[A-Z0-9]", path.read_text(errors="replace")):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    unknown = {name: sorted(paths) for name, paths in found.items() if name not in variable_names()}
    assert not unknown


def _scanned_files(folder: Path) -> list[Path]:
    files = []
    for path in folder.iterdir():
        if path.is_dir() and path.name not in NOT_SCANNED and path.name != "__pycache__":
            files += _scanned_files(path)
        elif path.is_file() and path.suffix in {"", ".py", ".md", ".yaml", ".yml", ".toml", ".sh", ".js", ".html"}:
            files.append(path)
    return files


def test_every_setting_has_a_row_in_the_readme() -> None:
    table = [line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `")]
    documented = set(re.findall(r"`((?:COCREATIE_)?[A-Z_]+)`", "\n".join(row.split("|")[1] for row in table)))
    assert set(variable_names()) - documented == set()
