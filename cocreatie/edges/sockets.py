"""The WebSocket endpoints: participant, facilitator, projector. One lifecycle each:
check, hello, welcome, loop, leave."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from pydantic import TypeAdapter
from starlette.websockets import WebSocket, WebSocketDisconnect

from cocreatie import metrics
from cocreatie.edges.services import Services, client_address, services_of
from cocreatie.errors import ClientError, Deleted, NotAllowed, NotAuthenticated, NotFound, RateLimited, Unavailable
from cocreatie.models import messages as msg
from cocreatie.rooms.audience import Audience
from cocreatie.rooms.connection import (
    CLOSE_DELETED,
    CLOSE_FORBIDDEN_ORIGIN,
    CLOSE_HELLO_TIMEOUT,
    CLOSE_NOT_FOUND,
    CLOSE_RATE_LIMITED,
    CLOSE_SERVER_ERROR,
    CLOSE_UNAUTHORIZED,
    Connection,
)
from cocreatie.rooms.frames import error_frame, parse_frame
from cocreatie.rooms.handlers import Caller, answer_statement, cast_vote, facilitate, submit_idea
from cocreatie.rooms.limits import Sender
from cocreatie.rooms.participants import Identity, UnknownParticipant, identify
from cocreatie.rooms.room import Room
from cocreatie.rules.visibility import own_waiting
from cocreatie.stream.redis_client import REDIS_DOWN
from cocreatie.tokens import normalise_join_code, same_token

log = logging.getLogger(__name__)

T = TypeVar("T")
Handler = Callable[[str | None], Awaitable[str | None]]


class Asked(Protocol):
    """What every hello may ask for: resuming after an event, events in batches."""

    @property
    def last_event_id(self) -> str | None: ...

    @property
    def batch(self) -> bool: ...


class HelloTimeout(Exception):
    """The client connected but never said hello."""


class RoomGone(Exception):
    """The room's reader failed while the phone said hello: the phone reconnects to a fresh room."""


class Refused(Exception):
    """What no further frame can mend (a hello that cannot succeed, a flood): the client hears
    why, then the socket is closed with `code`."""

    def __init__(self, code: int, error: ClientError) -> None:
        super().__init__(error.message)
        self.code = code
        self.error = error


def lifecycle(endpoint: Callable[[WebSocket], Awaitable[None]]) -> Callable[[WebSocket], Awaitable[None]]:
    """A client leaving early is normal; one that never says hello, or says one that cannot
    succeed, is closed with a code."""

    async def run(websocket: WebSocket) -> None:
        try:
            await endpoint(websocket)
        except WebSocketDisconnect:
            return
        except HelloTimeout as timeout:
            await websocket.close(CLOSE_HELLO_TIMEOUT, str(timeout))
        except Refused as refused:
            await websocket.send_text(error_frame(refused.error))
            await websocket.close(refused.code, refused.error.message)
        except RoomGone as gone:
            await websocket.close(CLOSE_SERVER_ERROR, str(gone))

    return run


@lifecycle
async def participant_socket(websocket: WebSocket) -> None:
    services = services_of(websocket)
    workshop_id = await _admit_by_code(websocket, services)
    if workshop_id is None:
        return
    async with services.registry.entered(workshop_id) as room:

        async def greet(text: str | None) -> Identity:
            hello = parse_frame(text, msg.PARTICIPANT_HELLO)
            if not hello.participant_token:
                await _admit_newcomer(websocket, services)
            try:
                return await identify(services.store, room.state, hello)
            except UnknownParticipant as error:
                raise Refused(CLOSE_UNAUTHORIZED, error) from error
            except Deleted as error:  # a hello racing the DELETE
                raise Refused(CLOSE_DELETED, error) from error

        identity = await _hello(websocket, greet)
        if services.registry.get(workshop_id) is not room:
            raise RoomGone("room reader failed; reconnect")
        caller = Caller(room, services.store, identity.participant_id)
        sender = Sender(client_address(websocket), workshop_id, identity.participant_id)

        async def handle(text: str | None) -> str | None:
            try:
                message = parse_frame(text, msg.PARTICIPANT_MESSAGE)
            except ClientError:
                await _count_participant_frame(services, sender, idea=False)  # junk counts too
                raise
            try:  # a refusal, also by the limits, says which idea or round it answers
                idea_allowed = await _count_participant_frame(services, sender, isinstance(message, msg.IdeaSubmit))
                with _redis_unavailable():
                    if isinstance(message, msg.IdeaSubmit):
                        return await submit_idea(caller, message, idea_allowed)
                    if isinstance(message, msg.StatementAnswer):
                        return await answer_statement(caller, message)
                    return await cast_vote(caller, message)
            except ClientError as error:
                error.about = _about(message)
                raise

        welcome = identity.welcome_fields | {
            "ballots": room.state.ballots_of(identity.participant_id),
            "answers": room.state.answers_of(identity.participant_id),
            "own_waiting": own_waiting(room.state, identity.participant_id),
        }
        with services.presence.present(workshop_id, identity.participant_id):
            await _serve(websocket, room, Audience.public, welcome, identity, handle)


@lifecycle
async def board_socket(websocket: WebSocket) -> None:
    services = services_of(websocket)
    workshop_id = websocket.path_params["workshop_id"]
    if not await _admit(websocket, services, await services.store.exists(workshop_id)):
        return
    hello = await _hello(websocket, _parser(msg.FACILITATOR_HELLO))
    if not same_token(hello.token, await services.store.secret(workshop_id, "facilitator")):
        await websocket.send_text(error_frame(NotAuthenticated("wrong facilitator token")))
        await websocket.close(CLOSE_UNAUTHORIZED, "wrong facilitator token")
        return
    async with services.registry.entered(workshop_id) as room:
        caller = Caller(room, services.store)
        address = client_address(websocket)

        async def handle(text: str | None) -> None:
            await _count_frame(services, address)
            with _redis_unavailable():
                await facilitate(caller, parse_frame(text, msg.FACILITATOR_COMMAND, facilitator=True))

        await _serve(websocket, room, Audience.facilitator, {}, hello, handle,
                     also=lambda connection, leaving: services.presence.feed(room, connection, leaving))


@lifecycle
async def screen_socket(websocket: WebSocket) -> None:
    services = services_of(websocket)
    workshop_id = await _admit_by_code(websocket, services)
    if workshop_id is None:
        return
    hello = await _hello(websocket, _parser(msg.SCREEN_HELLO))
    address = client_address(websocket)

    async def handle(text: str | None) -> None:
        await _count_frame(services, address)
        raise NotAllowed("the projector view only listens")

    async with services.registry.entered(workshop_id) as room:
        await _serve(websocket, room, Audience.public, {}, hello, handle)


async def _admit_by_code(websocket: WebSocket, services: Services) -> str | None:
    """The workshop behind a join code; wrong codes are rate-limited per address."""
    try:
        workshop_id: str | None = await services.store.workshop_for_code(
            normalise_join_code(websocket.path_params["code"])
        )
    except NotFound:
        workshop_id = None
    if not await _admit(websocket, services, workshop_id is not None):
        return None
    return workshop_id


async def _admit(websocket: WebSocket, services: Services, found: bool) -> bool:
    """A foreign origin is refused before the handshake (HTTP 403); an unknown room after
    it, with a close code the page can act on."""
    headers = websocket.headers
    if not origin_allowed(headers.get("origin"), headers.get("host"), services.settings.allowed_origins):
        await websocket.close(CLOSE_FORBIDDEN_ORIGIN, "origin not allowed")
        return False
    await websocket.accept()
    if found:
        return True
    if await services.buckets.allow_address(services.limits.code_misses_per_address, client_address(websocket)):
        await websocket.close(CLOSE_NOT_FOUND, "no such workshop")
    else:
        await websocket.close(CLOSE_RATE_LIMITED, "too many wrong join codes; wait a minute")
    return False


async def _admit_newcomer(websocket: WebSocket, services: Services) -> None:
    """Identities are not free: new participants per address are limited, generously enough
    for a venue behind one NAT (COCREATIE_JOIN_BURST at once, then COCREATIE_JOINS_PER_SECOND).
    Past the limit the phone hears why and is closed with 4029: it tries again a moment later."""
    with _redis_unavailable():
        admitted = await services.buckets.allow_address(services.limits.joins_per_address, client_address(websocket))
    if not admitted:
        refusal = RateLimited("too many new participants from this address just now; join again in a moment")
        raise Refused(CLOSE_RATE_LIMITED, refusal)


ADDRESS_CEILING = "too many messages from this address; slow down"


async def _count_frame(services: Services, address: str) -> None:
    """Every frame counts against its address's ceiling, which a whole venue behind one NAT
    shares: high enough that its phones never reach it in normal use."""
    with _redis_unavailable():
        allowed = await services.buckets.allow_address(services.limits.messages_per_address, address)
    if not allowed:
        raise RateLimited(ADDRESS_CEILING)


async def _count_participant_frame(services: Services, sender: Sender, idea: bool) -> bool:
    """A participant's frame also counts against the participant, over all its sockets: one
    phone flooding is cut off (4029), the others behind its address are not. An idea.submit
    also asks the idea limit; whether it had room is the answer. One round trip for all."""
    asked = services.limits.participant_frame(sender, idea)
    with _redis_unavailable():
        own, shared, *ideas = await services.buckets.allow_each(asked)
    if not own:
        raise Refused(CLOSE_RATE_LIMITED, RateLimited("too many messages from this phone; slow down"))
    if not shared:
        raise RateLimited(ADDRESS_CEILING)
    return all(ideas)


def _about(message: msg.ParticipantMessage) -> dict[str, str]:
    if isinstance(message, msg.IdeaSubmit):
        return {"client_id": message.client_id}
    if isinstance(message, msg.StatementAnswer):
        return {"statement_id": message.statement_id}
    return {"round_id": message.round_id}


def origin_allowed(origin: str | None, host: str | None, allowed: tuple[str, ...]) -> bool:
    """Browsers always send Origin; it must be this site or one configured."""
    return origin is None or origin in allowed or urlsplit(origin).netloc == host


def _parser(adapter: TypeAdapter[T]) -> Callable[[str | None], Awaitable[T]]:
    async def parse(text: str | None) -> T:
        return parse_frame(text, adapter)

    return parse


async def _hello(websocket: WebSocket, greet: Callable[[str | None], Awaitable[T]]) -> T:
    """Wait for an acceptable hello; anything else gets an error and another chance."""
    services = services_of(websocket)
    seconds, address = services.settings.hello_seconds, client_address(websocket)
    try:
        async with asyncio.timeout(seconds):
            while True:
                try:
                    text = await _receive(websocket)
                    await _count_frame(services, address)
                    return await greet(text)
                except ClientError as error:
                    await websocket.send_text(error_frame(error))
    except TimeoutError as error:
        raise HelloTimeout(f"no hello within {seconds:g} s") from error


async def _serve(
    websocket: WebSocket,
    room: Room,
    audience: Audience,
    welcome: dict[str, object],
    asked: Asked,
    handle: Handler,
    also: Callable[[Connection, asyncio.Event], Coroutine[None, None, None]] | None = None,
) -> None:
    """Welcome, then send and receive until either side ends; always leave the room.
    `also`: one more task for the socket's life (the board's presence feed).

    The loops end on `leaving`, set before they are cancelled: on Python 3.11 a cancel that
    lands just as redis-py has written a command is lost (the write runs in
    `asyncio.wait_for`, CPython gh-86296), and a loop ended by its cancel alone would keep
    the socket's handler, and so its room, alive until the client goes."""
    connection = Connection(websocket, audience, services_of(websocket).settings.send_queue, asked.batch)
    room.attach(connection, welcome, asked.last_event_id)
    metrics.SOCKETS_OPEN.labels(audience.value).inc()
    leaving = asyncio.Event()
    tasks = [
        asyncio.create_task(connection.send_forever()),
        asyncio.create_task(connection.ended.wait()),
        asyncio.create_task(_receive_until(websocket, connection, handle, leaving)),
    ]
    if also is not None:
        tasks.append(asyncio.create_task(also(connection, leaving)))
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            _raise_unless_disconnect(task)
    finally:
        leaving.set()
        for task in tasks:
            task.cancel()
        await asyncio.wait(tasks)
        room.detach(connection)
        metrics.SOCKETS_OPEN.labels(audience.value).dec()
    if connection.ended.is_set():
        await connection.close()


async def _receive_until(websocket: WebSocket, connection: Connection, handle: Handler, leaving: asyncio.Event) -> None:
    """Until `leaving` is set; `handle` counts each frame against the limits (`_count_frame`)
    before it looks at it."""
    while not leaving.is_set():
        text = await _receive(websocket)
        started = time.perf_counter()
        try:
            reply = await handle(text)
        except ClientError as error:
            reply = error_frame(error)
        if reply is not None:
            connection.offer(reply)
            metrics.REPLY_SECONDS.observe(time.perf_counter() - started)


@contextmanager
def _redis_unavailable() -> Iterator[None]:
    """A lost Redis, inside a handler: the client hears `unavailable` (with the client id
    or round id of what it sent) and may send the same message again."""
    try:
        yield
    except REDIS_DOWN as error:
        log.warning("Redis unavailable for a client message", extra={"error": str(error)})
        raise Unavailable("the workshop is briefly unreachable; send the same message again") from error


def _raise_unless_disconnect(task: asyncio.Task[object]) -> None:
    error = task.exception()
    if error is not None and not isinstance(error, WebSocketDisconnect):
        raise error


async def _receive(websocket: WebSocket) -> str | None:
    message = await websocket.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    return message.get("text")
