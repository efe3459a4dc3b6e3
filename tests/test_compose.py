"""compose.yaml and the Dockerfile agree with the CLI, pyproject.toml and the worker: Docker
does not run here, so the files are checked (tests/runtime/test_wheel.py runs the image's
sources and command from the wheel they make)."""

from __future__ import annotations

import subprocess
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


CLUSTER_NODES = {f"redis-node-{n}" for n in range(1, 7)}


def test_the_three_services_are_there() -> None:
    """And, in the cluster profile only, six Redis nodes and the job that forms them."""
    everywhere = {name for name, service in services().items() if "profiles" not in service}
    assert everywhere == {"redis", "web", "worker"}
    assert set(services()) - everywhere == {*CLUSTER_NODES, "redis-cluster"}


def test_the_cluster_profile_is_six_nodes_formed_by_one_job() -> None:
    """Every node keeps every write; the job is the `redis-cli --cluster create` the tests
    run locally (tests/redis_cluster.py); web and worker wait for it when the profile is on."""
    for name in CLUSTER_NODES:
        node = services()[name]
        assert node["profiles"] == ["cluster"] and node["image"].startswith("redis:7")
        command = node["command"]
        for flag, value in (("--cluster-enabled", "yes"), ("--appendonly", "yes"), ("--appendfsync", "always")):
            assert command[command.index(flag) + 1] == value
        assert node["volumes"] == [f"{name}:/data"]
    job = services()["redis-cluster"]
    script = " ".join(job["command"])
    assert "--cluster create" in script and "--cluster-replicas 1 --cluster-yes" in script
    assert set(job["depends_on"]) == CLUSTER_NODES
    subprocess.run(["sh", "-n", "-c", script.replace("$$", "$")], check=True)  # the shell can read it
    for service in ("web", "worker"):
        waits = services()[service]["depends_on"]["redis-cluster"]
        assert waits == {"condition": "service_completed_successfully", "required": False}


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
        assert service["environment"]["REDIS_URL"] == "${REDIS_URL:-redis://redis:6379/0}"
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
