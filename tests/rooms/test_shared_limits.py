"""Rate limits live in Redis: every web process counts against the same buckets, and behind
a trusted proxy each person's own address is the one counted."""

from __future__ import annotations

from contextlib import AsyncExitStack, suppress
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from cocreatie.errors import ConfigError
from cocreatie.rooms.limits import Limits
from cocreatie.settings import Settings, load_settings
from cocreatie.stream import keys
from cocreatie.stream.buckets import KEEP_MS, Bucket, Buckets, RateLimit
from cocreatie.stream.redis_client import connect as connect_redis
from tests.clients import (
    BEHIND_PROXY,
    Frame,
    Workshop,
    collecting_room,
    create_workshop,
    fresh_address,
    open_phone,
    post_idea,
    receive,
    receive_until,
    refill_loopback_code_misses,
    send,
)
from tests.processes import web_process

pytestmark = pytest.mark.cluster  # the limits hold across web processes on a cluster too


async def phone_from(stack: AsyncExitStack, workshop: Workshop, address: str, **hello: object) -> ClientConnection:
    """A phone that says hello through the proxy, from `address`."""
    url = workshop.ws(f"/ws/join/{workshop.join_code}")
    socket = await stack.enter_async_context(connect(url, additional_headers={"X-Forwarded-For": address}))
    await send(socket, type="hello", **hello)
    return socket


async def frames_until_closed(socket: ClientConnection) -> tuple[list[Frame], int | None]:
    """Every frame the server still sends, and the code it closes with."""
    frames: list[Frame] = []
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            frames.append(await receive(socket))
    return frames, closed.value.rcvd.code if closed.value.rcvd else None


async def test_one_phone_flooding_frames_is_cut_off_and_its_neighbours_are_not(
    web: str, stack: AsyncExitStack
) -> None:
    room = await collecting_room(stack, web)
    flooder, _ = await open_phone(stack, room.workshop)  # the same address as room.phone: one venue
    with suppress(ConnectionClosed):  # cut off before the flood was all sent
        for _ in range(2 * Settings().participant_message_burst):
            await flooder.send("{}")
    frames, code = await frames_until_closed(flooder)
    assert code == 4029 and frames[-1]["code"] == "rate_limited"
    assert await post_idea(room.phone, "after-flood", "Wij praten gewoon verder")


async def test_a_bucket_gives_its_burst_then_refuses(redis_url: str) -> None:
    limit, address = RateLimit("test", rate=1.0, burst=5), fresh_address()
    async with connect_redis(redis_url) as client:
        buckets = Buckets(client)
        answers = [await buckets.allow_address(limit, address) for _ in range(7)]
        expires_in = await client.pttl(keys.address_limit(limit.name, address))
    assert answers == [True] * 5 + [False] * 2
    assert 0 < expires_in <= KEEP_MS  # forgotten a while after it is full again: a missing bucket is a full one


async def test_no_bucket_is_made_in_a_deleted_workshop(redis_url: str) -> None:
    """A frame racing the deletion of its workshop leaves no key in the room's slot."""
    limit, room = RateLimit("test", rate=1.0, burst=5), "w_gone00000000"
    async with connect_redis(redis_url) as client:
        await client.set(keys.deleted(room), "deleted", ex=60)
        answers = await Buckets(client).allow_each([Bucket.of_participant(limit, room, "p_1")])
        made = await client.exists(keys.participant_limit(limit.name, room, "p_1"))
        await client.delete(keys.deleted(room))
    assert (answers, made) == ([False], 0)


async def test_the_default_join_limit_lets_a_venue_of_500_in_within_a_minute(redis_url: str) -> None:
    joins, venue = Limits.from_settings(Settings()).joins_per_address, fresh_address()
    async with connect_redis(redis_url) as client:
        buckets = Buckets(client)
        admitted = 0
        while await buckets.allow_address(joins, venue):  # a join a millisecond: far faster than it refills
            admitted += 1
    assert joins.burst <= admitted < joins.burst + 10
    assert joins.burst + 60 * joins.rate >= 500  # the burst at once, the rest refilled within the minute


async def test_fresh_identities_from_one_address_are_limited(
    redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    env = BEHIND_PROXY | {"COCREATIE_JOIN_BURST": "3", "COCREATIE_JOINS_PER_SECOND": "0.01"}
    venue, elsewhere = fresh_address(), fresh_address()
    with web_process(redis_url, tmp_path / "web.log", env=env) as base:
        workshop = create_workshop(base)
        joined = [await receive(await phone_from(stack, workshop, venue, group="burger")) for _ in range(3)]
        refused = await frames_until_closed(await phone_from(stack, workshop, venue, group="burger"))
        token = joined[0]["participant_token"]
        returning = await receive(await phone_from(stack, workshop, venue, participant_token=token))
        other = await receive(await phone_from(stack, workshop, elsewhere, group="burger"))
    assert [frame["type"] for frame in joined] == ["welcome"] * 3
    assert refused[1] == 4029 and [frame.get("code") for frame in refused[0]] == ["rate_limited"]
    assert returning["type"] == "welcome" and returning["participant_id"] == joined[0]["participant_id"]
    assert other["type"] == "welcome"


async def test_one_participant_on_two_web_processes_is_limited_as_one(redis_url: str, tmp_path: Path) -> None:
    env = {"COCREATIE_PARTICIPANT_MESSAGE_BURST": "10", "COCREATIE_PARTICIPANT_MESSAGES_PER_SECOND": "0.01"}
    with (
        web_process(redis_url, tmp_path / "one.log", env=env) as one,
        web_process(redis_url, tmp_path / "two.log", env=env) as two,
    ):
        async with AsyncExitStack() as stack:
            workshop = create_workshop(one)
            here, welcome = await open_phone(stack, workshop)
            there, _ = await open_phone(
                stack, replace(workshop, base=two), group=None, participant_token=welcome["participant_token"]
            )
            answers = []
            for socket in [here] * 6 + [there] * 4:
                await socket.send("{}")
                answers.append((await receive_until(socket, lambda f: f["type"] == "error"))[-1]["code"])
            await there.send("{}")
            cut_off = await frames_until_closed(there)
    assert answers == ["invalid_message"] * 10
    assert cut_off[1] == 4029 and [frame.get("code") for frame in cut_off[0]] == ["rate_limited"]


def wrong_code(base: str, address: str) -> int:
    answer = httpx.get(f"{base}/api/join/ZZZZ99", headers={"X-Forwarded-For": address}, timeout=5)
    return answer.status_code


async def wrong_code_socket(base: str, address: str) -> int | None:
    url = base.replace("http://", "ws://") + "/ws/join/ZZZZ99"
    async with connect(url, additional_headers={"X-Forwarded-For": address}) as socket:
        return (await frames_until_closed(socket))[1]


async def test_the_address_is_taken_from_trusted_proxies_only(redis_url: str, web: str, tmp_path: Path) -> None:
    guesser, neighbour = fresh_address(), fresh_address()
    with web_process(redis_url, tmp_path / "proxied.log", env=BEHIND_PROXY) as proxied:
        guesses = [wrong_code(proxied, guesser) for _ in range(11)]
        guesser_socket = await wrong_code_socket(proxied, guesser)
        neighbour_socket = await wrong_code_socket(proxied, neighbour)
        neighbour_http = wrong_code(proxied, neighbour)
    refill_loopback_code_misses(redis_url)  # the loopback's own bucket starts full
    unproxied = wrong_code(web, guesser)  # `web` trusts no proxy: the header is the client's word
    assert guesses[0] == 404 and guesses[-1] == 429
    assert (guesser_socket, neighbour_socket, neighbour_http) == (4029, 4004, 404)
    assert unproxied == 404


def test_a_trusted_proxy_must_be_an_address_or_a_network() -> None:
    with pytest.raises(ConfigError, match=r"COCREATIE_TRUSTED_PROXIES: .*has host bits set"):
        load_settings(trusted_proxies=("10.0.0.1/8",))
