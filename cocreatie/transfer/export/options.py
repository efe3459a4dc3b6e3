"""What an export may reveal: hidden ideas and display names stay out unless asked for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    include_hidden: bool = False
    include_names: bool = False
