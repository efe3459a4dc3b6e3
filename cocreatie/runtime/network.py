"""Where phones reach `cocreatie up`: the address it listens on, and the one it gives people.

This machine's LAN address is the source address of its default route. Finding it sends
nothing: a UDP socket's `connect` only asks the kernel which route (and so which local
address) a datagram would take. Without a default route, the interfaces are listed.
The choice itself is a pure function of those two readings (`lan_address`), and what `up`
does with it another (`reach`), so both are tested without touching a network.
"""

from __future__ import annotations

import fcntl
import socket
import struct
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, ip_address

from cocreatie.edges.hosts import WILDCARD_HOSTS
from cocreatie.settings import Settings

EVERY_INTERFACE = "0.0.0.0"
ROUTE_PROBE = ("1.1.1.1", 9)
"""Any public address will do: the route to it is the default route. Nothing is sent to it."""
VIRTUAL_INTERFACES = ("docker", "br-", "veth", "virbr", "lxc", "lxd", "cni", "podman", "vmnet", "vboxnet", "tun", "tap")
"""Interfaces of containers and virtual machines on this computer, which phones never reach."""
SIOCGIFADDR = 0x8915
"""Linux ioctl: an interface's IPv4 address."""


@dataclass(frozen=True)
class Interface:
    name: str
    address: str


@dataclass(frozen=True)
class Reach:
    """Where `up` listens (`host`), the address it prints and puts in QR codes (`base_url`),
    whether that is this machine's LAN address (`lan`), and, when phones cannot open it, why
    and what to run instead (`problem`)."""

    host: str
    base_url: str
    lan: bool = False
    problem: str | None = None


def lan_address(route_source: str | None, interfaces: Sequence[Interface]) -> str | None:
    """The IPv4 address phones on this machine's network reach it at: the default route's
    source address, else the first private address of an interface that is not a
    container's or a virtual machine's (else any such address); None with loopback only."""
    if route_source is not None and _reachable(route_source):
        return route_source
    found = [i.address for i in interfaces if _reachable(i.address) and not i.name.startswith(VIRTUAL_INTERFACES)]
    private = [address for address in found if ip_address(address).is_private]
    return next(iter(private or found), None)


def reach(settings: Settings, lan: str | None) -> Reach:
    """`up` listens on every interface unless COCREATIE_HOST / --host names one, and gives
    people COCREATIE_PUBLIC_URL when set, else this machine's LAN address."""
    host = settings.host if settings.host_given else EVERY_INTERFACE
    if settings.public_url is not None:
        return Reach(host, settings.public_url)
    if host not in WILDCARD_HOSTS:
        url = _url(host, settings.port)
        return Reach(host, url, problem=_loopback_given(url, host) if _is_loopback(host) else None)
    if lan is None:
        url = _url("127.0.0.1", settings.port)
        return Reach(host, url, problem=_no_network(url))
    return Reach(host, _url(lan, settings.port), lan=True)


def default_route_source() -> str | None:
    """The local address the default route leaves from; None without one (offline)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(ROUTE_PROBE)
        except OSError:  # ENETUNREACH: no route to anywhere
            return None
        return str(probe.getsockname()[0])


def interfaces() -> list[Interface]:
    """Each interface's IPv4 address (Linux; elsewhere none: the default route decides)."""
    if sys.platform != "linux":
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                answer = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
            except OSError:  # EADDRNOTAVAIL: this interface has no IPv4 address
                continue
            found.append(Interface(name, socket.inet_ntoa(answer[20:24])))
    return found


def this_machine() -> str | None:
    """This machine's LAN address, read from the kernel now."""
    return lan_address(default_route_source(), interfaces())


def _reachable(address: str) -> bool:
    """An IPv4 address another device could send to (not loopback, link-local, 0.0.0.0, multicast)."""
    parsed = ip_address(address)
    return isinstance(parsed, IPv4Address) and not (
        parsed.is_loopback or parsed.is_link_local or parsed.is_unspecified or parsed.is_multicast
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: someone else's to resolve
        return False


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _loopback_given(url: str, host: str) -> str:
    return (
        f"Phones cannot reach {url}: {host} is this computer's own (loopback) address, open from this computer"
        " only. To let phones on the same network join, run `cocreatie up` without --host and without"
        " COCREATIE_HOST (it then listens on every interface and prints this computer's network address)."
    )


def _no_network(url: str) -> str:
    return (
        f"Phones cannot reach {url}: this computer has no network address besides its own (loopback), so it"
        " is on no network the phones can use. Connect it to the Wi-Fi or network of the room (or start a"
        " hotspot and join it), then run `cocreatie up` again."
    )
