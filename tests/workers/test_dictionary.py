from __future__ import annotations

from pathlib import Path

import pytest

from workers.dictionary import DictionaryMissing, load_dictionary


def test_reads_the_installed_freedict_entries() -> None:
    dutch = load_dictionary("nl")
    assert "bicycle" in dutch.translations("fiets")
    assert "school" in load_dictionary("fr").translations("école")


def test_a_missing_dictionary_names_the_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(DictionaryMissing, match="apt-get install dict-freedict-nld-eng"):
        load_dictionary("nl", tmp_path)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no dictionary"):
        load_dictionary("de")
