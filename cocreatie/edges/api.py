"""The HTTP API: create a workshop, read it, look up a join code, its QR code."""

from __future__ import annotations

import asyncio
import io
import secrets
import time
import unicodedata
from typing import cast
from urllib.parse import quote

import segno
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cocreatie.edges.services import Services, client_address, services_of
from cocreatie.errors import ClientError, InvalidMessage, MessageTooLarge, NotAuthenticated, NotFound, RateLimited
from cocreatie.models import events as ev
from cocreatie.models.workshop import Round, WorkshopCreated, WorkshopSpec
from cocreatie.rooms.frames import describe
from cocreatie.rules.visibility import facilitator_view
from cocreatie.stream.fold import fold
from cocreatie.stream.store import NewWorkshop
from cocreatie.tokens import new_id, new_token, normalise_join_code, same_token
from cocreatie.transfer.export import MEDIA_TYPES, Format, export
from cocreatie.transfer.export.options import separator_named

MAX_BODY_BYTES = 64 * 1024
STATUS = {
    "invalid_message": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404, "deleted": 410,
    "too_large": 413, "rate_limited": 429,
}


def error_response(error: ClientError) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": error.code, "message": error.message}}, status_code=STATUS.get(error.code, 400)
    )


async def create_workshop(request: Request) -> Response:
    """Only the organiser may (DESIGN §10); participants and facilitators need no such token."""
    services = services_of(request)
    _organiser(request, services.settings.organiser_token)
    spec = await _spec(request)
    created = await _store_new(services, spec)
    base = services.settings.base_url
    answer = WorkshopCreated(
        workshop_id=created.workshop_id,
        join_code=created.join_code,
        facilitator_token=created.facilitator_token,
        urls=urls(base, created.workshop_id, created.join_code),
    )
    return JSONResponse(answer.model_dump(), status_code=201)


def urls(base: str, workshop_id: str, join_code: str) -> dict[str, str]:
    return {
        "participant": f"{base}/j/{join_code}",
        "board": f"{base}/board/{workshop_id}",
        "screen": f"{base}/screen/{join_code}",
    }


async def read_workshop(request: Request) -> Response:
    services = services_of(request)
    workshop_id = await _authorised(request, services)
    state = fold(workshop_id, await services.store.read(workshop_id))
    return JSONResponse(facilitator_view(state))


async def delete_workshop(request: Request) -> Response:
    """Remove a workshop and all its data now, for good (it also expires by itself, see
    retention); its open sockets here are closed at once, elsewhere when their reader finds
    the tombstone."""
    services = services_of(request)
    workshop_id = await _authorised(request, services)
    state = fold(workshop_id, await services.store.read(workshop_id, count=1))
    await services.store.delete(workshop_id, state.join_code)
    services.registry.deleted(workshop_id)
    return Response(status_code=204)


async def export_workshop(request: Request) -> Response:
    """The report or data of a workshop, as a download; hidden ideas and names only on request,
    the CSV split as the workshop's language expects unless `separator=comma|semicolon`."""
    services = services_of(request)
    workshop_id = await _authorised(request, services)
    fmt = cast(Format, request.query_params.get("format", "md"))
    separator = separator_named(request.query_params.get("separator"))
    state = fold(workshop_id, await services.store.read(workshop_id))
    body = await asyncio.to_thread(
        export, state, fmt, include_hidden=_flag(request, "hidden"), include_names=_flag(request, "names"),
        separator=separator,
    )
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": _download(state.title, fmt)})


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes")


def _download(title: str, fmt: str) -> str:
    """The attachment header (RFC 6266): an ASCII `filename` for old clients, and the title's
    own letters as UTF-8 in `filename*` (RFC 5987), which every current browser prefers."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    fallback, name = f"{_slug(ascii_title)}.{fmt}", f"{_slug(title)}.{fmt}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _slug(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())[:60] or "workshop"


async def join_info(request: Request) -> Response:
    services = services_of(request)
    workshop_id = await _by_code(request, services)
    room = services.registry.get(workshop_id)  # a live room here knows the set-up as edited
    state = room.state if room else fold(workshop_id, await services.store.read(workshop_id))
    return JSONResponse(
        {
            "workshop_id": workshop_id,
            "title": state.title,
            "language": state.language.value,
            "groups": state.groups,
            "join_code": state.join_code,
            "join_url": f"{services.settings.base_url}/j/{state.join_code}",
        }
    )


async def join_qr(request: Request) -> Response:
    services = services_of(request)
    code = normalise_join_code(request.path_params["code"])
    await _by_code(request, services)
    buffer = io.BytesIO()
    segno.make(f"{services.settings.base_url}/j/{code}", error="m").save(buffer, kind="svg", scale=8, border=2)
    return Response(buffer.getvalue(), media_type="image/svg+xml")


def _organiser(request: Request, organiser_token: str | None) -> None:
    if organiser_token is None:
        raise NotAuthenticated(
            "creating workshops needs the organiser token, and none is configured: set"
            " COCREATIE_ORGANISER_TOKEN (`cocreatie up` makes one and keeps it in its data dir)"
        )
    if not secrets.compare_digest(_bearer(request).encode(), organiser_token.encode()):
        raise NotAuthenticated("send the organiser token as 'Authorization: Bearer <token>'")


def _bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def _body(request: Request) -> bytes:
    """Read while it streams, never more than MAX_BODY_BYTES (a Content-Length may lie or be absent)."""
    too_large = MessageTooLarge(f"the body may be at most {MAX_BODY_BYTES} bytes")
    if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise too_large
    return bytes(body)


async def _spec(request: Request) -> WorkshopSpec:
    body = await _body(request)
    try:
        return WorkshopSpec.model_validate_json(body)
    except ValidationError as error:
        raise InvalidMessage(describe(error)) from error


async def _store_new(services: Services, spec: WorkshopSpec) -> NewWorkshop:
    rounds = [Round(id=f"r{index + 1}", **r.model_dump()) for index, r in enumerate(spec.rounds)]
    workshop_id = new_id("w")
    join_code = await services.store.claim_join_code(workshop_id)
    created = ev.WorkshopCreatedEvent(
        title=spec.title,
        language=spec.language,
        groups=spec.groups,
        rounds=rounds,
        join_code=join_code,
        created_at=time.time(),
    )
    new = NewWorkshop(workshop_id, join_code, new_token(), created)
    await services.store.create_workshop(new)
    return new


async def _authorised(request: Request, services: Services) -> str:
    workshop_id = str(request.path_params["workshop_id"])
    if not same_token(_bearer(request), await services.store.secret(workshop_id, "facilitator")):
        raise NotAuthenticated("send the facilitator token as 'Authorization: Bearer <token>'")
    return workshop_id


async def _by_code(request: Request, services: Services) -> str:
    """Wrong codes are counted per address: guessing is slowed down, joining is not."""
    try:
        return await services.store.workshop_for_code(normalise_join_code(request.path_params["code"]))
    except NotFound:
        misses = services.limits.code_misses_per_address
        if not await services.buckets.allow_address(misses, client_address(request)):
            raise RateLimited("too many wrong join codes from this address; wait a minute") from None
        raise


async def client_error_handler(request: Request, error: Exception) -> Response:
    if not isinstance(error, ClientError):
        raise error
    return error_response(error)
