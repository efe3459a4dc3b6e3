"""compose.yaml agrees with the CLI: Docker does not run here, so the file is checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cocreatie.runtime.cli import parser

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


def test_the_image_runs_the_cli() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["cocreatie"]' in dockerfile
    assert "torch==2.13.0" in dockerfile
