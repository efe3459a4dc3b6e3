"""The web process never imports the embedding and clustering stack (house rule 12): a real
`cocreatie serve`, run with `-X importtime` (PYTHONPROFILEIMPORTTIME), is taken through a page,
a socket and an idea, and its record of every module it imported is read."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from cocreatie.runtime.cli import WORKER_MODULES
from tests.clients import collecting_room, post_idea
from tests.processes import web_process


async def test_the_web_process_imports_nothing_of_the_worker_extra(
    tmp_path: Path, redis_url: str, stack: AsyncExitStack
) -> None:
    log = tmp_path / "web.log"
    with web_process(redis_url, log, env={"PYTHONPROFILEIMPORTTIME": "1"}) as base:
        async with httpx.AsyncClient(base_url=base, timeout=5) as client:
            assert (await client.get("/")).status_code == 200
        room = await collecting_room(stack, base)
        await post_idea(room.phone, "one", "Een fietspad langs het kanaal")
        await stack.aclose()
    imported = {
        line.rsplit("|", 1)[1].strip().partition(".")[0]
        for line in log.read_text().splitlines()
        if line.startswith("import time:")
    }
    assert {"uvicorn", "starlette", "redis"} <= imported  # the record is there
    assert not imported & set(WORKER_MODULES)
