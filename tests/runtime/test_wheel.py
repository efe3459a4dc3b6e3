"""The package installs: a wheel built from what the Dockerfile copies, installed (not editable)
into a fresh virtualenv without the worker extra, serves the web front end from outside the
checkout, and the commands it cannot run say what to install."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from cocreatie.runtime.cli import WORKER_MODULES
from tests import dockerfile
from tests.processes import (
    alive,
    cocreatie_command,
    descendants,
    embedded_redis_server,
    free_port,
    run_cocreatie,
    running_up,
    stop,
    wait_until_answers,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = tuple(dockerfile.copied())
"""What the image is built from: a file the Dockerfile forgets to copy is missing from this wheel too."""
WEB_FILES = ("*.html", "*.js", "*.css", "*.svg", "i18n/*.json")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path

    @property
    def cocreatie(self) -> tuple[str]:
        return (str(self.venv / "bin" / "cocreatie"),)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel in a venv whose other packages are this venv's, minus the worker extra."""
    scratch = tmp_path_factory.mktemp("wheel")
    wheel = _built_wheel(scratch)
    venv = scratch / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    site_packages = Path(sysconfig.get_path("purelib", "venv", vars={"base": str(venv)}))
    (site_packages / "dependencies.pth").write_text(f"{_dependencies_without_worker_extra(scratch / 'deps')}\n")
    subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], check=True
    )
    return Installed(wheel, venv)


def _built_wheel(scratch: Path) -> Path:
    source = scratch / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    dist = scratch / "dist"
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist)]
    subprocess.run([*build, str(source)], check=True)
    return next(dist.glob("cocreatie-*.whl"))


def _dependencies_without_worker_extra(folder: Path) -> Path:
    """This venv's site-packages as links, without cocreatie itself and the worker extra's modules."""
    folder.mkdir()
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        ours = entry.name.startswith(("cocreatie", "__editable"))
        if not ours and entry.name.partition(".")[0] not in WORKER_MODULES:
            (folder / entry.name).symlink_to(entry)
    return folder


def test_the_wheel_holds_every_package_and_the_web_front_end(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    inits = [*(ROOT / "cocreatie").rglob("__init__.py"), *(ROOT / "workers").rglob("__init__.py")]
    packages = {str(init.relative_to(ROOT)) for init in inits}
    assert packages <= names
    web = {str(path.relative_to(ROOT / "web")) for pattern in WEB_FILES for path in (ROOT / "web").glob(pattern)}
    assert "i18n/nl.json" in web and {f"cocreatie/web/{path}" for path in web} <= names
    assert not [name for name in names if name.startswith("benchmarks/")]


def test_the_installed_copy_is_imported_not_the_checkout(installed: Installed, tmp_path: Path) -> None:
    where = subprocess.run(
        [installed.venv / "bin" / "python", "-c", "import cocreatie.web; print(cocreatie.web.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.venv) and Path(where).name == "__init__.py"


def test_up_serves_the_pages_from_outside_the_checkout_and_stops(installed: Installed, tmp_path: Path) -> None:
    up = running_up(tmp_path / "data", tmp_path / "up.log", "--workers", "0", program=installed.cocreatie,
                    cwd=tmp_path, ready="/")  # /healthz says 503: no worker
    with up as (base, process):
        children = descendants(process.pid)
        pages = {"/": "index.html", "/j/TVC7XM": "participant.html", "/board/w_any": "board.html",
                 "/static/i18n/nl.json": "i18n/nl.json", "/static/favicon.svg": "favicon.svg"}
        for path, filename in pages.items():  # the page routes serve the same file whatever the code
            answer = httpx.get(base + path, timeout=5)
            assert (answer.status_code, answer.content) == (200, (ROOT / "web" / filename).read_bytes()), path
        assert stop(process, signal.SIGINT) == 0
    assert len(children) >= 2  # the web process and the embedded redis
    assert not [pid for pid in children if alive(pid)]


def test_the_images_command_serves_from_the_wheel(installed: Installed, tmp_path: Path) -> None:
    """ENTRYPOINT and CMD, with the image's ENV (on a free port here), run from the installed wheel."""
    program, *command = [*dockerfile.exec_form("ENTRYPOINT"), *dockerfile.exec_form("CMD")]
    port = free_port()
    with embedded_redis_server(tmp_path / "redis") as redis_url, open(tmp_path / "serve.log", "ab") as output:
        env = {**dockerfile.environment(), "COCREATIE_PORT": str(port), "REDIS_URL": redis_url}
        process = cocreatie_command(
            *command, env=env, output=output, program=(str(installed.venv / "bin" / program),), cwd=tmp_path
        )
        try:
            wait_until_answers(f"http://127.0.0.1:{port}", process)
            health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()
        finally:
            stop(process)
    assert health["redis"] is True, health


@pytest.mark.parametrize("command", [("worker",), ("cluster", "ideas.txt"), ("fetch-model", "any-model"), ("up",)])
def test_without_the_worker_extra_its_commands_name_the_install(
    installed: Installed, command: tuple[str, ...], tmp_path: Path
) -> None:
    run = run_cocreatie(*command, program=installed.cocreatie, cwd=tmp_path)
    error = run.stderr.decode()
    assert run.returncode == 2 and "Traceback" not in error, error
    assert "pip install 'cocreatie[worker]'" in error.strip().splitlines()[-1]


def test_the_bench_from_a_wheel_says_it_runs_from_a_checkout(installed: Installed, tmp_path: Path) -> None:
    run = run_cocreatie("bench", "--help", program=installed.cocreatie, cwd=tmp_path)
    error = run.stderr.decode()
    assert run.returncode == 2 and "runs from a checkout" in error and "Traceback" not in error, error
