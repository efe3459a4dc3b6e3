"""What `cocreatie up` prints: the facilitator link, the join link and its QR code, and
where the logs go."""

from __future__ import annotations

import io
from pathlib import Path

import segno

from cocreatie.runtime.first_workshop import Remembered
from cocreatie.settings import Settings


def banner(settings: Settings, workshop: Remembered, log_file: Path) -> str:
    join = f"{settings.base_url}/j/{workshop.join_code}"
    qr = io.StringIO()
    segno.make(join, error="m").terminal(out=qr, compact=True)
    return (
        f"\ncocreatie is running.\n\n"
        f"  Facilitator board:          {settings.base_url}/board/{workshop.workshop_id}\n"
        f"  Facilitator token (private, asked once by the board): {workshop.facilitator_token}\n"
        f"  Projector:                  {settings.base_url}/screen/{workshop.join_code}\n"
        f"  Participants join at:       {join}   (code {workshop.join_code})\n\n"
        f"{qr.getvalue()}\n"
        f"Logs: {log_file}\n"
        f"Press Ctrl-C to stop.\n"
    )
