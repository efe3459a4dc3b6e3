"""The board hears who is connected now, over two web processes: a phone on one, the board on the other."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

from tests.clients import Frame, create_workshop, open_board, open_phone, receive_until
from tests.processes import web_process


def presence_with(burger: int) -> object:
    return lambda frame: frame["type"] == "presence" and frame["now"].get("burger") == burger


async def test_the_board_counts_a_phone_on_another_web_process(
    web: str, redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    with web_process(redis_url, tmp_path / "second.log") as other:
        workshop = create_workshop(web)
        board, _ = await open_board(stack, workshop)
        first = (await receive_until(board, lambda f: f["type"] == "presence", presence=True))[-1]
        assert first["now"] == {"politiek": 0, "administratie": 0, "burger": 0, "partner": 0}
        async with AsyncExitStack() as phones:
            elsewhere = type(workshop)(other, workshop.workshop_id, workshop.join_code, workshop.token)
            await open_phone(phones, elsewhere, group="burger")
            seen: Frame = (await receive_until(board, presence_with(1), timeout=20, presence=True))[-1]
            assert seen["joined"]["burger"] == 1
        gone = (await receive_until(board, presence_with(0), timeout=20, presence=True))[-1]
        assert gone["joined"]["burger"] == 1
