"""The HTTP API answers as its OpenAPI description says: schemathesis sends every described
operation generated requests, valid and not, signed in and not, against a live web process;
no answer may be a server error, or have a status, content type or body the description
does not give. And the description covers every route the app serves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from starlette.responses import Response
from starlette.routing import Route

from cocreatie.edges.app import create_app
from cocreatie.edges.openapi import OPERATIONS, openapi_document
from cocreatie.settings import Settings
from tests.clients import Workshop, create_workshop, refill_loopback_code_misses
from tests.processes import ORGANISER

MAX_EXAMPLES = 30
"""Per operation and Redis backend: the fuzz stays a CI pass of seconds."""
FUZZ = settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CHECKS = (
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
    "ignored_auth",
)
"""What a failure is; `ignored_auth` sends a signed-in request again without its token, and with a wrong one."""


@pytest.fixture(scope="module")
def fuzzed_web(web: str, redis_url: str) -> Iterator[str]:
    """The shared web process. The fuzz's wrong join codes use up this address's allowance
    (then 429, as described), kept in Redis: it is given back for the tests that follow."""
    yield web
    refill_loopback_code_misses(redis_url)


@pytest.fixture(scope="module")
def workshop(fuzzed_web: str) -> Workshop:
    return create_workshop(fuzzed_web)


@pytest.fixture(scope="module")
def api_schema(fuzzed_web: str) -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_dict({
        "checks": {"enabled": False, **{check: {"enabled": True} for check in CHECKS}},
        "operations": [
            # No worker runs beside this web process: 503, as described.
            {"include-path": "/healthz", "checks": {"not_a_server_error": {"expected-statuses": [200, 503]}}},
        ],
    })
    return schemathesis.openapi.from_url(f"{fuzzed_web}/api/openapi.json", config=config)


@pytest.mark.parametrize(("path", "method"), sorted(OPERATIONS), ids=lambda part: str(part))
def test_the_api_answers_as_described(
    api_schema: schemathesis.BaseSchema, workshop: Workshop, path: str, method: str
) -> None:
    """Valid and invalid requests; signed in (the right token, and the workshop's own id and
    code: a fresh workshop for a DELETE, so the others keep theirs) or as generated."""
    operation = api_schema[path][method.upper()]
    cases = st.one_of([operation.as_strategy(mode) for mode in GenerationMode])

    @FUZZ
    @given(case=cases, signed_in=st.booleans())
    def answers_as_described(case: schemathesis.Case[Any], signed_in: bool) -> None:
        case.call_and_validate(headers=_sign_in(case, workshop) if signed_in else {})

    answers_as_described()


def _sign_in(case: schemathesis.Case[Any], workshop: Workshop) -> dict[str, Any]:
    """The headers that pass the operation's security, its path naming the workshop."""
    if case.method == "DELETE":
        workshop = create_workshop(workshop.base)
    parameters = case.path_parameters or {}
    if "workshop_id" in parameters:
        parameters["workshop_id"] = workshop.workshop_id
    if "code" in parameters:
        parameters["code"] = workshop.join_code
    security = case.operation.definition.raw.get("security", [])
    if {"organiser": []} in security:
        return dict(ORGANISER)
    if {"facilitator": []} in security:
        return {"Authorization": f"Bearer {workshop.token}"}
    return {}


def test_the_description_is_served(fuzzed_web: str) -> None:
    document = httpx.get(f"{fuzzed_web}/api/openapi.json", timeout=10).json()
    assert document["openapi"].startswith("3.1")
    assert {(path, method) for path, methods in document["paths"].items() for method in methods} == set(OPERATIONS)


async def _teapot(request: object) -> Response:
    return Response(status_code=418)


def test_a_route_without_a_description_is_an_error() -> None:
    """So the description cannot silently fall behind the route table."""
    routes = create_app(Settings(redis_url="redis://never-connected")).routes
    with pytest.raises(LookupError, match="GET /api/teapot has no entry"):
        openapi_document([*routes, Route("/api/teapot", _teapot)])
    with pytest.raises(LookupError, match="OPERATIONS describes what no route serves"):
        openapi_document([route for route in routes if getattr(route, "path", "") != "/metrics"])
