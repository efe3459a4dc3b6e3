"""Settings: read once from the environment into one frozen object that is passed in."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cocreatie.errors import ConfigError


def default_data_dir() -> Path:
    """A per-user data folder (XDG_DATA_HOME or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cocreatie"


class Settings(BaseSettings):
    """Everything the product reads from its environment, validated at start."""

    model_config = SettingsConfigDict(env_prefix="COCREATIE_", frozen=True, extra="ignore")

    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    data_dir: Path = Field(default_factory=default_data_dir)
    workers: int = Field(default=1, ge=0, le=64)
    model: str = "all-MiniLM-L6-v2"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    allowed_origins: tuple[str, ...] = ()
    retention_days: int = Field(default=90, ge=1)
    public_url: str | None = None
    hello_seconds: float = Field(default=30.0, gt=0, description="time a new socket has to say hello")
    send_queue: int = Field(default=512, ge=1, description="frames a socket may fall behind before it is dropped")
    resume_window: int = Field(default=2000, ge=1, description="entries a room keeps for resuming clients")
    ideas_per_second: float = Field(default=1.0, gt=0, description="per participant, on average")
    idea_burst: int = Field(default=10, ge=1)
    messages_per_second: float = Field(default=200.0, gt=0, description="per address (a town hall is one NAT)")
    message_burst: int = Field(default=2000, ge=1)
    claim_idle_ms: int = Field(default=30_000, ge=100, description="a worker silent this long loses its work")
    max_deliveries: int = Field(default=5, ge=1, description="tries before a work entry is dead-lettered")
    code_misses_per_minute: float = Field(default=12.0, gt=0, description="wrong join codes per address")

    @field_validator("redis_url", "public_url", mode="before")
    @classmethod
    def empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def retention_seconds(self) -> int:
        return self.retention_days * 24 * 3600

    @property
    def base_url(self) -> str:
        """The address people type or scan; public_url when set behind a proxy."""
        return self.public_url or f"http://{self.host}:{self.port}"


def load_settings(**overrides: object) -> Settings:
    """Read the environment once; overrides (from command-line flags) win.

    A malformed value raises ConfigError naming the variable.
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as error:
        raise ConfigError(_describe(error)) from error


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "?"
        variable = "REDIS_URL" if field == "redis_url" else f"COCREATIE_{field.upper()}"
        lines.append(f"{variable}: {problem['msg']} (got {problem.get('input')!r})")
    return "invalid configuration: " + "; ".join(lines)
