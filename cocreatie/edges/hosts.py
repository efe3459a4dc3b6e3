"""Which Host names this web process answers for, so a DNS-rebinding page (a name of the
attacker's that resolves to this machine) is refused before any route runs."""

from __future__ import annotations

from urllib.parse import urlsplit

from cocreatie.settings import Settings

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
"""Addresses that mean "listen on every interface": no name anyone types."""


def allowed_hosts(settings: Settings) -> list[str]:
    """localhost, the public URL's host (`up` sets it to the LAN address it prints), the address
    `serve` listens on when it names one, and COCREATIE_ALLOWED_HOSTS ("*" turns the check off)."""
    named = [urlsplit(settings.base_url).hostname or "", settings.host, *settings.allowed_hosts]
    hosts = [*LOCAL_HOSTS, *(host for host in named if host not in WILDCARD_HOSTS)]
    return list(dict.fromkeys(_as_in_header(host) for host in hosts))


def _as_in_header(host: str) -> str:
    """An IPv6 address comes in brackets in a Host header (and without them from urlsplit)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host.lower()


def local_host(host: str) -> str:
    """Where this machine reaches a server listening on `host` (loopback for every interface)."""
    return "127.0.0.1" if host in WILDCARD_HOSTS else host
