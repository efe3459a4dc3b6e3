"""Every kind of HTTP answer carries the security headers: each page, the API (its errors
too), a download, the QR code, a static file, /healthz and /metrics."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from starlette.routing import Mount, Route

from cocreatie.edges.app import create_app
from cocreatie.settings import Settings
from tests.clients import Workshop, create_workshop
from tests.processes import ORGANISER

FIXED_HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


@dataclass(frozen=True)
class Call:
    path: str
    status: int
    """What the call must answer, so that it reaches the kind of answer it is meant to."""
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: object = None


def calls(workshop: Workshop) -> dict[str, Call]:
    """One call per HTTP route of the app (keyed by its path template), and the error answers."""
    facilitator = {"Authorization": f"Bearer {workshop.token}"}
    workshop_path, code = f"/api/workshops/{workshop.workshop_id}", workshop.join_code
    return {
        "/": Call("/", 200),
        "/new": Call("/new", 200),
        "/j/{code}": Call(f"/j/{code}", 200),
        "/board/{workshop_id}": Call(f"/board/{workshop.workshop_id}", 200),
        "/screen/{code}": Call(f"/screen/{code}", 200),
        "/static": Call("/static/style.css", 200),
        "/api/workshops": Call("/api/workshops", 400, "POST", ORGANISER, {"title": 1}),
        "/api/workshops/{workshop_id}": Call(workshop_path, 200, headers=facilitator),
        "/api/workshops/{workshop_id}/export": Call(f"{workshop_path}/export?format=md", 200, headers=facilitator),
        "/api/join/{code}": Call(f"/api/join/{code}", 200),
        "/api/join/{code}/qr.svg": Call(f"/api/join/{code}/qr.svg", 200),
        "/api/openapi.json": Call("/api/openapi.json", 200),
        "/healthz": Call("/healthz", 503),  # no worker runs for these tests
        "/metrics": Call("/metrics", 200),
        "an API call without its token": Call(workshop_path, 401),
        "an unknown join code": Call("/api/join/ZZZZZZ", 404),
        "an unknown path": Call("/nothing-here", 404),
        "a file of web/ that is not served": Call("/static/README.md", 404),
        "a foreign Host": Call("/", 400, headers={"Host": "rebinding.example"}),
    }


def http_routes() -> set[str]:
    """The path of every HTTP route, read from the app itself: a new route must be added above."""
    app = create_app(Settings(redis_url="redis://unused"))
    return {route.path for route in app.routes if isinstance(route, Route | Mount)}


def test_every_http_route_is_called() -> None:
    workshop = Workshop("http://unused", "w_any", "ABCDEF", "token")
    assert http_routes() - set(calls(workshop)) == set()


def test_every_answer_sends_the_security_headers(web: str) -> None:
    for name, call in calls(create_workshop(web)).items():
        answer = httpx.request(call.method, web + call.path, headers=call.headers, json=call.body, timeout=10)
        assert answer.status_code == call.status, name
        assert "script-src 'self'" in answer.headers.get("content-security-policy", ""), name
        assert {header: answer.headers.get(header) for header in FIXED_HEADERS} == FIXED_HEADERS, name
