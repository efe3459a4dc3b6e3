"""compose.yaml and the Dockerfile agree with the CLI, pyproject.toml and the worker: Docker
does not run here, so the files are checked (tests/runtime/test_wheel.py runs the image's
sources and command from the wheel they make)."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from cocreatie.runtime.cli import parser
from tests import dockerfile
from workers.dictionary import PACKAGES as DICTIONARY_PACKAGES

ROOT = Path(__file__).resolve().parent.parent


def services() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded["services"]


def test_the_three_services_are_there() -> None:
    assert set(services()) == {"redis", "web", "worker"}


def test_redis_keeps_every_write() -> None:
    redis = services()["redis"]
    assert redis["image"].startswith("redis:7")
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--appendfsync") + 1] == "always"
    assert "healthcheck" in redis


def test_web_and_worker_commands_are_valid_cli_calls() -> None:
    web, worker = services()["web"], services()["worker"]
    web_args = parser().parse_args(web["command"])
    assert web_args.command == "serve" and web_args.host == "0.0.0.0"
    assert web["ports"] == [str(web_args.port)]
    assert parser().parse_args(worker["command"]).command == "worker"
    for service in (web, worker):
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:6379")
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_the_image_pins_the_torch_the_tests_ran_with() -> None:
    """The image installs torch from the CPU index before the worker extra (which would pull a
    CUDA build): that pin must be the torch these tests ran with, and one the extra accepts."""
    pins = [Requirement(word) for word in dockerfile.run_words() if word.startswith("torch")]
    tested = Version(metadata.version("torch")).public
    assert [str(pin.specifier) for pin in pins] == [f"=={tested}"]
    assert tested in worker_extra()["torch"].specifier


def test_the_image_installs_the_extra_pyproject_has() -> None:
    installs = [word for word in dockerfile.run_words() if word.startswith("/src[")]
    assert installs == ["/src[worker]"] and worker_extra()


def test_the_image_installs_the_dictionaries_the_worker_reads() -> None:
    assert dockerfile.apt_packages() == set(DICTIONARY_PACKAGES.values())


def test_the_image_exposes_the_port_it_serves_on() -> None:
    port = dockerfile.environment()["COCREATIE_PORT"]
    assert dockerfile.arguments("EXPOSE") == [port] and services()["web"]["ports"] == [port]


def worker_extra() -> dict[str, Requirement]:
    """The worker extra of pyproject.toml, by package name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {(r := Requirement(line)).name: r for line in project["optional-dependencies"]["worker"]}
