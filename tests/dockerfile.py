"""The Dockerfile, read as instructions: no container can be built here, so the tests run
what it names (its sources, its command, its environment) outside a container instead."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

DOCKERFILE = Path(__file__).resolve().parent.parent / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(KEYWORD, arguments) for each instruction, continuation lines joined, comments dropped."""
    logical = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in logical.splitlines()]
    found = []
    for line in lines:
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            found.append((keyword.upper(), arguments.strip()))
    return found


def arguments(keyword: str) -> list[str]:
    return [args for name, args in instructions() if name == keyword]


def copied() -> list[str]:
    """Every path COPY takes from the build context."""
    return [source for args in arguments("COPY") for source in shlex.split(args)[:-1]]


def exec_form(keyword: str) -> list[str]:
    """ENTRYPOINT or CMD in its JSON form (the last one counts, as in Docker)."""
    words: list[str] = json.loads(arguments(keyword)[-1])
    return words


def environment() -> dict[str, str]:
    return dict(pair.split("=", 1) for args in arguments("ENV") for pair in shlex.split(args))


def run_words() -> list[str]:
    """The words of every RUN, quotes removed."""
    return [word for args in arguments("RUN") for word in shlex.split(args)]


def apt_packages() -> set[str]:
    """What `apt-get install` installs (its options left out)."""
    words = run_words()
    start = next(n for n in range(len(words) - 1) if words[n:n + 2] == ["apt-get", "install"]) + 2
    end = words.index("&&", start)
    return {word for word in words[start:end] if not word.startswith("-")}
