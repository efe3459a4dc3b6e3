"""What the package's modules import, read from their source with `ast` (nothing is run)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cocreatie", "workers")


def package_files() -> list[str]:
    """Every module of the runtime packages, as a path from the checkout's root."""
    return sorted(p.relative_to(ROOT).as_posix() for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def imported(path: str) -> Iterator[str]:
    """The absolute module names a file imports, wherever in the file."""
    for node in ast.walk(ast.parse((ROOT / path).read_text(), filename=path)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            yield node.module
