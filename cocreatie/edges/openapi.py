"""The OpenAPI 3.1 description of the HTTP API, served at GET /api/openapi.json.

It is built when asked, from the app's own route table (paths, path parameters, methods) and
from the pydantic models that read and write the bodies, so it cannot fall behind either
unnoticed: a route without an entry in OPERATIONS, or an entry without its route, is an error.
tests/fuzz/test_http.py fuzzes a live server against it. WebSockets are not HTTP operations:
they are described in docs/protocol.md.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from importlib.metadata import version
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from starlette.convertors import Convertor
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute

from cocreatie.edges.api import MAX_BODY_BYTES, STATUS
from cocreatie.edges.pages import FRONT_END_SUFFIXES
from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Language, WorkshopCreated, WorkshopSpec
from cocreatie.transfer.export import MEDIA_TYPES, Format
from cocreatie.transfer.export.json_state import StateFile

Body = type[BaseModel] | dict[str, Any]
"""A JSON body by its model, or the schema of a body that has none (text, a file)."""
Refs = Mapping[type[BaseModel], dict[str, Any]]
"""The schema (a `$ref`) that describes each model."""
Security = Literal["organiser", "facilitator"]
TEXT: dict[str, Any] = {"type": "string"}
ANY_CODE_STATUS = 400
"""What `api.error_response` answers for a code STATUS does not name."""


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every API error (`api.error_response`), with the stable codes of `cocreatie.errors`."""

    error: ErrorDetail


class JoinInfo(BaseModel):
    """The answer of GET /api/join/{code} (`api.join_info`)."""

    workshop_id: str
    title: str
    language: Language
    groups: list[str]
    join_code: str
    join_url: str


class Health(BaseModel):
    """The answer of GET /healthz: `sockets` while Redis answers, `error` when it does not."""

    ok: bool
    redis: bool
    workers: int
    sockets: int | None = None
    replicas: int | None = None
    """The fewest replicas any master has."""
    degraded: bool | None = None
    """A master lost its replicas: acknowledged ideas are on one machine only."""
    masters: dict[str, int] | None = None
    """On a cluster: each master's replicas."""
    error: str | None = None


MODELS: dict[type[BaseModel], JsonSchemaMode] = {
    WorkshopSpec: "validation", WorkshopCreated: "serialization", RoomState: "serialization",
    StateFile: "serialization", ErrorBody: "serialization", JoinInfo: "serialization", Health: "serialization",
}
"""Every model a body is described by, and whether the server reads it or writes it."""


@dataclass(frozen=True)
class Query:
    name: str
    schema: dict[str, Any]
    description: str


@dataclass(frozen=True)
class Operation:
    """One method of one path, as its handler answers: by status, by media type, the body."""

    summary: str
    answers: Mapping[int, Mapping[str, Body]]
    errors: tuple[int, ...] = ()
    security: Security | None = None
    body: type[BaseModel] | None = None
    query: tuple[Query, ...] = ()


PARAMETERS = {
    "workshop_id": "the workshop's id: `w_` and 12 hex digits",
    "code": "a join code; case, spaces, `-`, `_` and `.` do not matter",
    "path": "a file of the front end (web/)",
}
FLAG = {"type": "string", "description": "`1`, `true` or `yes` turn it on"}
EXPORT_QUERY = (
    Query("format", {**TypeAdapter(Format).json_schema(), "default": "md"}, "the file's format"),
    Query("hidden", FLAG, "include the ideas the facilitator hid"),
    Query("names", FLAG, "include participants' display names"),
)
PAGE = Operation("A page of the front end (its script checks the code or id)", {200: {"text/html": TEXT}})

SECURITY_SCHEMES = {
    "organiser": {
        "type": "http", "scheme": "bearer",
        "description": "COCREATIE_ORGANISER_TOKEN (`cocreatie up` makes one): who may create workshops",
    },
    "facilitator": {
        "type": "http", "scheme": "bearer",
        "description": "The `facilitator_token` of the workshop, as POST /api/workshops answered it",
    },
}


OPERATIONS: dict[tuple[str, str], Operation] = {
    ("/api/workshops", "post"): Operation(
        "Create a workshop", {201: {"application/json": WorkshopCreated}}, (400, 401, 413),
        security="organiser", body=WorkshopSpec,
    ),
    ("/api/workshops/{workshop_id}", "get"): Operation(
        "The room state, as the facilitator sees it", {200: {"application/json": RoomState}}, (401,),
        security="facilitator",
    ),
    ("/api/workshops/{workshop_id}", "delete"): Operation(
        "Remove the workshop and all its data for good (410: deleted meanwhile by another request)", {204: {}},
        (401, 410), security="facilitator",
    ),
    ("/api/workshops/{workshop_id}/export", "get"): Operation(
        "The report or data of the workshop, as a download",
        {200: {media.split(";")[0]: StateFile if fmt == "json" else TEXT for fmt, media in MEDIA_TYPES.items()}},
        (400, 401), security="facilitator", query=EXPORT_QUERY,
    ),
    ("/api/join/{code}", "get"): Operation(
        "What a phone needs before it joins", {200: {"application/json": JoinInfo}}, (404, 429)
    ),
    ("/api/join/{code}/qr.svg", "get"): Operation(
        "The join link as a QR code", {200: {"image/svg+xml": TEXT}}, (404, 429)
    ),
    ("/api/openapi.json", "get"): Operation(
        "This description", {200: {"application/json": {"type": "object"}}}
    ),
    ("/healthz", "get"): Operation(
        "200 when Redis answers and a worker is alive, else 503",
        {200: {"application/json": Health}, 503: {"application/json": Health}},
    ),
    ("/metrics", "get"): Operation("Prometheus metrics", {200: {"text/plain": TEXT}}),
    ("/", "get"): PAGE,
    ("/new", "get"): PAGE,
    ("/j/{code}", "get"): PAGE,
    ("/board/{workshop_id}", "get"): PAGE,
    ("/screen/{code}", "get"): PAGE,
    ("/static/{path}", "get"): Operation(
        "The files of the front end; anything else answers 404",
        {200: {media: {"type": "object"} if media == "application/json" else TEXT
               for media in sorted({mimetypes.guess_type(f"file{suffix}")[0] or "" for suffix in FRONT_END_SUFFIXES})},
         404: {"text/plain": TEXT}},
    ),
}


async def openapi_json(request: Request) -> Response:
    """Built for each request from the routes of the app that serves it: a few milliseconds."""
    return JSONResponse(openapi_document(request.app.routes))


def openapi_document(routes: Iterable[BaseRoute]) -> dict[str, Any]:
    """The description of these routes; LookupError if a route and OPERATIONS disagree."""
    refs, components = _schemas()
    paths: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for path, method, convertors in _operations(routes):
        seen.add((path, method))
        if (path, method) not in OPERATIONS:
            raise LookupError(f"{method.upper()} {path} has no entry in cocreatie/edges/openapi.py OPERATIONS")
        paths.setdefault(path, {})[method] = _operation(OPERATIONS[path, method], convertors, refs)
    if stale := sorted(set(OPERATIONS) - seen):
        raise LookupError(f"OPERATIONS describes what no route serves: {stale}")
    return {
        "openapi": "3.1.0",
        "info": {"title": "cocreatie", "version": version("cocreatie"), "description": "docs/http.md says more."},
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": SECURITY_SCHEMES},
    }


def _operations(routes: Iterable[BaseRoute]) -> Iterator[tuple[str, str, Mapping[str, Convertor[Any]]]]:
    """Path, method and path parameters of every HTTP operation (HEAD goes with GET)."""
    for route in routes:
        if isinstance(route, Route):
            for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
                yield route.path_format, method.lower(), route.param_convertors
        elif isinstance(route, Mount):
            yield route.path_format, "get", route.param_convertors
        elif not isinstance(route, WebSocketRoute):
            raise LookupError(f"no way to describe the route {route!r}")


def _operation(operation: Operation, convertors: Mapping[str, Convertor[Any]], refs: Refs) -> dict[str, Any]:
    parameters = [*_path_parameters(convertors), *map(_query_parameter, operation.query)]
    described: dict[str, Any] = {
        "summary": operation.summary,
        **({"parameters": parameters} if parameters else {}),
        "responses": {
            **{str(status): _answer(status, content, refs) for status, content in operation.answers.items()},
            **{str(status): _error(status, refs) for status in operation.errors},
        },
    }
    if convertors:
        _no_route(described["responses"])
    if operation.security is not None:
        described["security"] = [{operation.security: []}]
    if operation.body is not None:
        described["requestBody"] = {
            "required": True,
            "description": f"JSON, at most {MAX_BODY_BYTES} bytes (the Content-Type is not checked)",
            "content": {"application/json": {"schema": refs[operation.body]}},
        }
    return described


def _path_parameters(convertors: Mapping[str, Convertor[Any]]) -> Iterator[dict[str, Any]]:
    """Starlette's own pattern for each: a plain parameter never holds a slash, a path may."""
    for name, convertor in convertors.items():
        schema = {"type": "string", "pattern": f"^{convertor.regex}$"}
        yield {"name": name, "in": "path", "required": True, "description": PARAMETERS[name], "schema": schema}


def _query_parameter(query: Query) -> dict[str, Any]:
    return {"name": query.name, "in": "query", "required": False, "description": query.description,
            "schema": query.schema}


def _answer(status: int, content: Mapping[str, Body], refs: Refs) -> dict[str, Any]:
    media = {kind: {"schema": refs[body] if isinstance(body, type) else body} for kind, body in content.items()}
    return {"description": HTTPStatus(status).phrase, **({"content": media} if media else {})}


def _error(status: int, refs: Refs) -> dict[str, Any]:
    """An error body whose code is one of those STATUS gives this status (any code for 400)."""
    codes = sorted(code for code, code_status in STATUS.items() if code_status == status)
    schema = refs[ErrorBody]
    if codes and status != ANY_CODE_STATUS:
        schema = {"allOf": [schema, {"properties": {"error": {"properties": {"code": {"enum": codes}}}}}]}
    return _answer(status, {"application/json": schema}, refs)


def _no_route(responses: dict[str, Any]) -> None:
    """A path parameter that leaves no route (one ending in a slash, say) gets Starlette's
    plain-text 404, whatever the handler would have answered."""
    not_found = responses.setdefault("404", {"description": HTTPStatus.NOT_FOUND.phrase})
    not_found.setdefault("content", {})["text/plain"] = {"schema": TEXT}


def _schemas() -> tuple[Refs, dict[str, Any]]:
    """A reference for each model, and the schemas they refer to (the models' own, nested ones too)."""
    keys, definitions = models_json_schema(list(MODELS.items()), ref_template="#/components/schemas/{model}")
    return {model: dict(keys[model, mode]) for model, mode in MODELS.items()}, dict(definitions.get("$defs", {}))
