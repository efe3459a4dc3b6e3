"""The organiser token (DESIGN §10) that `cocreatie up` uses: COCREATIE_ORGANISER_TOKEN when set,
else the one kept in the data dir (readable by this user only), else a new one kept there."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cocreatie.settings import Settings
from cocreatie.tokens import new_token

FILE_NAME = "organiser-token"


@dataclass(frozen=True)
class OrganiserToken:
    token: str
    kept_in: Path | None
    """The file it is kept in; None when it comes from the environment."""
    new: bool
    """Made on this start: the banner shows it once."""

    def announcement(self) -> str:
        """What the banner says about it: the token itself only when it was just made."""
        if self.kept_in is None:
            return "  Organiser token:            from COCREATIE_ORGANISER_TOKEN\n"
        if self.new:
            return (
                f"  Organiser token (new, shown once; needed to create workshops): {self.token}\n"
                f"                              kept in {self.kept_in}\n"
            )
        return f"  Organiser token:            kept in {self.kept_in}\n"


def organiser_token(settings: Settings) -> OrganiserToken:
    if settings.organiser_token is not None:
        return OrganiserToken(settings.organiser_token, None, new=False)
    path = settings.data_dir / FILE_NAME
    if path.is_file() and (kept := path.read_text().strip()):
        return OrganiserToken(kept, path, new=False)
    return OrganiserToken(_keep(path, new_token()), path, new=True)


def _keep(path: Path, token: str) -> str:
    """Written through a descriptor opened 0600, so the token is never readable by others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(token + "\n")
    path.chmod(0o600)
    return token
