"""/healthz tells whether Redis answers and workers live; /metrics speaks Prometheus."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.processes import embedded_redis_server, web_process


def test_healthz_is_503_without_a_live_worker(tmp_path: Path) -> None:
    with embedded_redis_server(tmp_path / "redis") as redis_url, web_process(redis_url, tmp_path / "web.log") as web:
        answer = httpx.get(f"{web}/healthz", timeout=5)
    assert answer.status_code == 503
    assert answer.json() == {"ok": False, "redis": True, "workers": 0, "sockets": 0, "replicas": 0, "degraded": False}


def test_healthz_is_503_when_redis_is_unreachable(tmp_path: Path) -> None:
    with web_process(f"unix://{tmp_path}/nothing-listens.sock", tmp_path / "web.log") as web:
        answer = httpx.get(f"{web}/healthz", timeout=10)
    assert answer.status_code == 503 and answer.json()["redis"] is False


def test_metrics_are_prometheus_text(web: str) -> None:
    answer = httpx.get(f"{web}/metrics", timeout=5)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    for name in ("cocreatie_sockets_open", "cocreatie_ideas_accepted_total", "cocreatie_stream_lag_seconds",
                 "cocreatie_workers_alive", "cocreatie_dead_letters"):
        assert name in answer.text
