"""examples/join_and_post.py, run as a subprocess against a real server, posts its idea once
and comes back as the same participant."""

from __future__ import annotations

import asyncio
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from tests.clients import Workshop, create_workshop, is_event, open_board, receive_until, set_phase

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "join_and_post.py"


async def start_example(
    stack: AsyncExitStack, workshop: Workshop, text: str, *flags: str, folder: Path
) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(EXAMPLE), workshop.base, workshop.join_code.lower(), text, *flags,
        cwd=folder, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )

    async def ended() -> None:
        if process.returncode is None:
            process.kill()
            await process.wait()

    stack.push_async_callback(ended)
    return process


async def event_id_of(process: asyncio.subprocess.Process) -> str:
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    return out.decode().strip()


def workshop_state(workshop: Workshop) -> dict[str, dict[str, dict[str, str]]]:
    answer = httpx.get(
        f"{workshop.base}/api/workshops/{workshop.workshop_id}",
        headers={"Authorization": f"Bearer {workshop.token}"}, timeout=10,
    )
    answer.raise_for_status()
    state: dict[str, dict[str, dict[str, str]]] = answer.json()
    return state


async def test_the_example_waits_for_the_round_then_posts_its_idea(
    web: str, stack: AsyncExitStack, tmp_path: Path
) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    client = await start_example(stack, workshop, "Eén loket voor alle diensten", "--group", "burger", folder=tmp_path)
    await receive_until(board, is_event("participant.joined"), timeout=60)
    await set_phase(board, "collect")

    event_id = await event_id_of(client)

    idea = workshop_state(workshop)["ideas"][event_id]
    assert idea["text"] == "Eén loket voor alle diensten" and idea["group"] == "burger"


async def test_a_second_run_comes_back_as_the_same_participant(web: str, stack: AsyncExitStack, tmp_path: Path) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    await set_phase(board, "collect")

    started = await start_example(stack, workshop, "Meer fietspaden", "--group", "partner", folder=tmp_path)
    first = await event_id_of(started)
    second = await event_id_of(await start_example(stack, workshop, "Veilige schoolroutes", folder=tmp_path))

    state = workshop_state(workshop)
    assert [state["ideas"][i]["text"] for i in (first, second)] == ["Meer fietspaden", "Veilige schoolroutes"]
    assert state["ideas"][first]["participant_id"] == state["ideas"][second]["participant_id"]
    assert len(state["participants"]) == 1
