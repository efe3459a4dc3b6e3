"""The organiser token `up` uses (DESIGN §10): from the environment, or made once and kept
in the data dir for this user only, shown once, and found again on later starts."""

from __future__ import annotations

import stat
from pathlib import Path

from cocreatie.runtime.organiser import FILE_NAME, organiser_token
from cocreatie.settings import Settings


def test_a_new_token_is_kept_for_this_user_only_and_shown_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first, again = organiser_token(settings), organiser_token(settings)
    kept = tmp_path / FILE_NAME
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_text().strip() == first.token == again.token and len(first.token) >= 40
    assert first.new and first.token in first.announcement()
    assert not again.new and again.token not in again.announcement() and str(kept) in again.announcement()


def test_the_environment_wins_and_nothing_is_written(tmp_path: Path) -> None:
    chosen = organiser_token(Settings(data_dir=tmp_path, organiser_token="uit-de-kluis"))
    assert chosen.token == "uit-de-kluis" and "uit-de-kluis" not in chosen.announcement()
    assert not (tmp_path / FILE_NAME).exists()


def test_an_empty_token_file_is_replaced(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("\n")
    assert organiser_token(Settings(data_dir=tmp_path)).new
