"""What `cocreatie up` prints: the facilitator link, the join link and its QR code.

On first start it creates a workshop through the app's own API and remembers it in the
data dir (`workshop.json`, readable by this user only), so the links stay the same.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
from pathlib import Path

import httpx
import segno

from cocreatie.settings import Settings

READY_TIMEOUT_SECONDS = 60.0
FIRST_WORKSHOP = {
    "title": "Co-creatie workshop",
    "language": "nl",
    "rounds": [
        {"prompt": "Wat is onze gezamenlijke missie?", "kind": "mission"},
        {"prompt": "Waar staan we als regio binnen tien jaar?", "kind": "vision"},
        {"prompt": "Hoe realiseren we die visie?", "kind": "strategy"},
    ],
}


async def announce(settings: Settings) -> None:
    base = f"http://{settings.host}:{settings.port}"
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        await _wait_for_web(client)
        workshop = await _known_or_new_workshop(client, settings.data_dir / "workshop.json")
    join = f"{settings.base_url}/j/{workshop['join_code']}"
    qr = io.StringIO()
    segno.make(join, error="m").terminal(out=qr, compact=True)
    sys.stdout.write(
        f"\ncocreatie is running.\n\n"
        f"  Facilitator board:          {settings.base_url}/board/{workshop['workshop_id']}\n"
        f"  Facilitator token (private, asked once by the board): {workshop['facilitator_token']}\n"
        f"  Projector:                  {settings.base_url}/screen/{workshop['join_code']}\n"
        f"  Participants join at:       {join}   (code {workshop['join_code']})\n\n"
        f"{qr.getvalue()}\nPress Ctrl-C to stop.\n"
    )
    sys.stdout.flush()


async def _wait_for_web(client: httpx.AsyncClient) -> None:
    async with asyncio.timeout(READY_TIMEOUT_SECONDS):
        while True:
            try:
                await client.get("/healthz")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)


async def _known_or_new_workshop(client: httpx.AsyncClient, remembered: Path) -> dict[str, str]:
    if remembered.is_file():
        workshop: dict[str, str] = json.loads(remembered.read_text())
        answer = await client.get(
            f"/api/workshops/{workshop['workshop_id']}",
            headers={"Authorization": f"Bearer {workshop['facilitator_token']}"},
        )
        if answer.status_code == 200:
            return workshop
    answer = await client.post("/api/workshops", json=FIRST_WORKSHOP)
    answer.raise_for_status()
    workshop = {key: answer.json()[key] for key in ("workshop_id", "join_code", "facilitator_token")}
    remembered.parent.mkdir(parents=True, exist_ok=True)
    remembered.touch(mode=0o600)
    remembered.write_text(json.dumps(workshop))
    return workshop
