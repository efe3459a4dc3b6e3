"""Settings: read once from the environment into one frozen object that is passed in."""

from __future__ import annotations

import difflib
import ipaddress
import os
from pathlib import Path
from typing import Any, Literal, cast

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cocreatie.errors import ConfigError

PREFIX = "COCREATIE_"


def default_data_dir() -> Path:
    """A per-user data folder (XDG_DATA_HOME or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cocreatie"


def default_model_cache() -> Path:
    """A per-user cache folder (XDG_CACHE_HOME or ~/.cache): the bundled model exported to
    ONNX is made once per user and installed version, whatever the data dir."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cocreatie"


class Settings(BaseSettings):
    """Everything the product reads from its environment, validated at start."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, extra="ignore")

    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    redis_cluster: bool | None = Field(
        default=None, description="whether REDIS_URL names a Redis Cluster node; unset: the server is asked"
    )
    replica_wait_ms: int = Field(
        default=500, ge=0, le=10_000,
        description="an idea is acknowledged once a replica has it, waiting this long at most (0: no wait)",
    )
    host: str = Field(default="127.0.0.1", description="`up` without it listens on every interface")
    port: int = Field(default=8000, ge=0, le=65535)
    data_dir: Path = Field(default_factory=default_data_dir)
    workers: int = Field(default=1, ge=0, le=64)
    model: str = "all-MiniLM-L6-v2"
    embedder: Literal["torch", "onnx"] = Field(
        default="onnx",
        description="onnx: the bundled model on ONNX Runtime (exported once into the model cache; the same "
        "vectors for less CPU, docs/benchmarks.md), torch for any other model; torch: sentence-transformers on torch",
    )
    model_cache: Path = Field(
        default_factory=default_model_cache, description="where the bundled model exported to ONNX is kept"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "json", "text"] = "auto"
    log_file: Path | None = Field(default=None, description="every record also goes here; stderr keeps warnings")
    allowed_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = Field(
        default=(), description="Host names served besides the public URL's, localhost and the LAN address `up` prints"
    )
    trusted_proxies: tuple[str, ...] = Field(
        default=(), description="proxies (addresses or networks) whose X-Forwarded-For names the client"
    )
    organiser_token: str | None = Field(default=None, description="needed to create a workshop; `up` makes one")
    header_seconds: float = Field(default=10.0, gt=0, description="time a client has to finish a request's headers")
    retention_days: int = Field(default=90, ge=1)
    public_url: str | None = None
    hello_seconds: float = Field(default=30.0, gt=0, description="time a new socket has to say hello")
    send_queue: int = Field(default=512, ge=1, description="frames a socket may fall behind before it is dropped")
    resume_window: int = Field(default=2000, ge=1, description="entries a room keeps for resuming clients")
    ideas_per_second: float = Field(default=1.0, gt=0, description="per participant, on average")
    idea_burst: int = Field(default=10, ge=1)
    participant_messages_per_second: float = Field(
        default=10.0, gt=0, description="frames per participant, over all its sockets; past it the socket is closed"
    )
    participant_message_burst: int = Field(default=100, ge=1)
    messages_per_second: float = Field(
        default=1000.0, gt=0, description="frames per address: a ceiling for a whole venue behind one NAT"
    )
    message_burst: int = Field(default=10_000, ge=1)
    joins_per_second: float = Field(default=5.0, gt=0, description="new participants per address, on average")
    join_burst: int = Field(default=250, ge=1, description="new participants per address at once")
    claim_idle_ms: int = Field(default=30_000, ge=100, description="a worker silent this long loses its work")
    max_deliveries: int = Field(default=5, ge=1, description="tries before a work entry is dead-lettered")
    code_misses_per_minute: float = Field(default=12.0, gt=0, description="wrong join codes per address")

    @field_validator("redis_url", "redis_cluster", "public_url", "log_file", "organiser_token", mode="before")
    @classmethod
    def empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("trusted_proxies")
    @classmethod
    def proxies_are_networks(cls, proxies: tuple[str, ...]) -> tuple[str, ...]:
        """Refuse what uvicorn would silently take for a host name that never matches (a typo,
        host bits under a network's mask)."""
        for proxy in proxies:
            ipaddress.ip_network(proxy)
        return proxies

    @property
    def retention_seconds(self) -> int:
        return self.retention_days * 24 * 3600

    @property
    def host_given(self) -> bool:
        """Whether COCREATIE_HOST or --host named the address (else `up` listens on every interface)."""
        return "host" in self.model_fields_set

    @property
    def base_url(self) -> str:
        """The address people type or scan; public_url when set behind a proxy."""
        return self.public_url or f"http://{self.host}:{self.port}"


def load_settings(**overrides: object) -> Settings:
    """Read the environment once; overrides (from command-line flags) win.

    A malformed value, or a COCREATIE_ variable that is no setting, raises ConfigError
    naming the variable.
    """
    _refuse_unknown([name for name in os.environ if name.upper().startswith(PREFIX)])
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**cast(dict[str, Any], given))
    except ValidationError as error:
        raise ConfigError(_describe(error)) from error


def variable_of(field: str) -> str:
    """The environment variable a setting is read from."""
    return "REDIS_URL" if field == "redis_url" else PREFIX + field.upper()


def variable_names() -> list[str]:
    """Every setting's variable, in the order of the Settings class."""
    return [variable_of(field) for field in Settings.model_fields]


def _refuse_unknown(names: list[str]) -> None:
    known = variable_names()
    by_stem = {variable.removeprefix(PREFIX): variable for variable in known}  # compared without the prefix
    problems = []
    for name in sorted(name for name in names if name.upper() not in known):
        nearest = difflib.get_close_matches(name.upper().removeprefix(PREFIX), by_stem, n=1)
        hint = f"did you mean {by_stem[nearest[0]]}?" if nearest else "the settings are " + ", ".join(known)
        problems.append(f"{name} is not a setting; {hint}")
    if problems:
        raise ConfigError("; ".join(problems))


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "?"
        lines.append(f"{variable_of(field)}: {problem['msg']} (got {problem.get('input')!r})")
    return "invalid configuration: " + "; ".join(lines)
