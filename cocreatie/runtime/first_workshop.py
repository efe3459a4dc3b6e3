"""The workshop `cocreatie up` opens with: created on first start through the app's own
API and remembered in the data dir (`workshop.json`, readable by this user only), so the
links stay the same from one start to the next."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from cocreatie.edges.hosts import local_host
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


@dataclass(frozen=True)
class Remembered:
    workshop_id: str
    join_code: str
    facilitator_token: str


async def first_workshop(settings: Settings) -> Remembered:
    """Once the web process answers: the remembered workshop if it still exists, else a new one."""
    async with httpx.AsyncClient(base_url=f"http://{local_host(settings.host)}:{settings.port}", timeout=10) as client:
        await _wait_for_web(client)
        organiser = {"Authorization": f"Bearer {settings.organiser_token}"}
        return await _known_or_new(client, settings.data_dir / "workshop.json", organiser)


async def _wait_for_web(client: httpx.AsyncClient) -> None:
    async with asyncio.timeout(READY_TIMEOUT_SECONDS):
        while True:
            try:
                await client.get("/healthz")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)


async def _known_or_new(client: httpx.AsyncClient, remembered: Path, organiser: dict[str, str]) -> Remembered:
    if remembered.is_file():
        workshop = Remembered(**json.loads(remembered.read_text()))
        answer = await client.get(
            f"/api/workshops/{workshop.workshop_id}", headers={"Authorization": f"Bearer {workshop.facilitator_token}"}
        )
        if answer.status_code == 200:
            return workshop
    answer = await client.post("/api/workshops", json=FIRST_WORKSHOP, headers=organiser)
    answer.raise_for_status()
    workshop = Remembered(**{key: answer.json()[key] for key in ("workshop_id", "join_code", "facilitator_token")})
    remembered.parent.mkdir(parents=True, exist_ok=True)
    remembered.touch(mode=0o600)
    remembered.write_text(json.dumps(asdict(workshop)))
    return workshop
