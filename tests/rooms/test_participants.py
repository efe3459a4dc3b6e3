"""A phone whose participant token the workshop does not know is told so and closed with
4001, so that it starts fresh instead of waiting for a welcome that never comes."""

from __future__ import annotations

from contextlib import AsyncExitStack

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.clients import create_workshop, open_phone, receive, send


async def test_an_unknown_participant_token_is_closed_and_the_phone_joins_anew(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    phone = await stack.enter_async_context(connect(workshop.ws(f"/ws/join/{workshop.join_code}")))
    await send(phone, type="hello", participant_token="a-token-from-another-evening")
    assert (await receive(phone))["code"] == "unauthorized"
    with pytest.raises(ConnectionClosed) as closed:
        await receive(phone)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001
    assert closed.value.rcvd.reason == "this participant token is unknown here; join again without it"

    _, welcome = await open_phone(stack, workshop, group="burger")
    assert welcome["type"] == "welcome" and welcome["participant_token"]
