"""Imports run one way through the package: the tree in the README's Architecture section.

models ← rules, stream ← rooms, transfer ← edges ← runtime; the top-level leaves (settings,
errors, metrics, tokens) serve everyone; the workers use the stream, the rules, the models
and the transfer code, and the web side names `workers` only in the command line."""

from __future__ import annotations

from tests.imports import imported, package_files

RANK = {"models": 0, "rules": 1, "stream": 1, "rooms": 2, "transfer": 2, "edges": 3, "runtime": 4}
LEAVES = {"errors", "metrics", "settings", "tokens"}
WORKERS_MAY_USE = {"models", "rules", "stream", "transfer"}
NAMES_WORKERS = "cocreatie/runtime/cli.py"  # `cocreatie worker`, `cluster`, `fetch-model`


def _home(path: str) -> str:
    """Where a module lives: "stream" for cocreatie/stream/fold.py, "settings" for a leaf, "workers"."""
    parts = path.removesuffix(".py").split("/")
    return parts[1] if parts[0] == "cocreatie" else parts[0]


def _target(module: str) -> str | None:
    """The part of cocreatie a module name points into; None for anything else."""
    parts = module.split(".")
    return parts[1] if parts[0] == "cocreatie" and len(parts) > 1 else None


def _allowed(path: str, module: str) -> bool:
    """May the module at `path` import `module`?"""
    home, target = _home(path), _target(module)
    if module.split(".")[0] == "workers":
        return home == "workers" or path == NAMES_WORKERS
    if target is None or target in LEAVES or target == home or home == "__main__":
        return True
    if home in LEAVES:
        return False
    if home == "workers":
        return target in WORKERS_MAY_USE
    return RANK[target] < RANK[home]


def test_imports_run_one_way() -> None:
    against = [
        f"{path}: {module}" for path in package_files() for module in imported(path) if not _allowed(path, module)
    ]
    assert not against, "imports against the layers (see README, Architecture):\n" + "\n".join(against)


def test_the_rule_refuses_what_runs_back_up() -> None:
    assert _allowed("cocreatie/rooms/room.py", "cocreatie.stream.fold")
    assert not _allowed("cocreatie/stream/fold.py", "cocreatie.rooms.room")
    assert not _allowed("cocreatie/settings.py", "cocreatie.stream.keys")
    assert not _allowed("cocreatie/edges/app.py", "workers.run")
    assert not _allowed("workers/room_worker.py", "cocreatie.rooms.room")
