"""What `cocreatie up` prints: the facilitator link, the join link and its QR code, whether
phones can reach them, and where the logs go."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import segno

from cocreatie.runtime.first_workshop import Remembered
from cocreatie.runtime.network import Reach
from cocreatie.runtime.organiser import OrganiserToken
from cocreatie.settings import Settings

WIDTH = 96


def banner(settings: Settings, workshop: Remembered, log_file: Path, reached: Reach, organiser: OrganiserToken) -> str:
    join = f"{settings.base_url}/j/{workshop.join_code}"
    qr = io.StringIO()
    segno.make(join, error="m").terminal(out=qr, compact=True)
    return (
        f"\ncocreatie is running.\n\n"
        f"  Facilitator board:          {settings.base_url}/board/{workshop.workshop_id}\n"
        f"  Facilitator token (private, asked once by the board): {workshop.facilitator_token}\n"
        f"  Projector:                  {settings.base_url}/screen/{workshop.join_code}\n"
        f"  Participants join at:       {join}   (code {workshop.join_code})\n"
        f"  New workshop:               {settings.base_url}/new\n"
        f"{organiser.announcement()}\n"
        f"{_reachability(settings, reached)}\n"
        f"{qr.getvalue()}\n"
        f"Logs: {log_file}\n"
        f"Press Ctrl-C to stop.\n"
    )


def _reachability(settings: Settings, reached: Reach) -> str:
    """A warning when phones cannot open the links; on a LAN, what they need."""
    if reached.problem is not None:
        return _paragraph(f"WARNING: {reached.problem}")
    if reached.lan:
        return _paragraph(
            "Phones on the same network (Wi-Fi) as this computer can scan the code. If they cannot open it,"
            " the network may keep devices apart (a guest Wi-Fi) or a firewall may block port"
            f" {settings.port}."
        )
    return ""


def _paragraph(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="  ", subsequent_indent="  ") + "\n"
