"""Which address `cocreatie up` gives phones: the choice as a pure function, the kernel's
answer read in a network namespace the test makes itself, and what `up` says when phones
cannot reach it. No test sends anything to a LAN address outside its own namespace."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cocreatie.runtime.network import Interface, Reach, lan_address, reach
from cocreatie.settings import load_settings
from tests.processes import cocreatie_command, free_port, stop, wait_for_output

LAN = "10.20.30.40"
VETH = (
    "ip link add v0 type veth peer name v1 && ip link set v1 up"
    f" && ip addr add {LAN}/24 dev v0 && ip link set v0 up"
)
"""A namespace's own network: an address on a veth pair (no other end: nothing leaves it)."""
DEFAULT_ROUTE = "ip route add default via 10.20.30.1"
DETECT = [sys.executable, "-c", "from cocreatie.runtime.network import this_machine; print(this_machine())"]

PUBLIC = [Interface("lo", "127.0.0.1"), Interface("docker0", "172.17.0.1"), Interface("wlp2s0", "192.168.1.23")]


@pytest.mark.parametrize(
    ("route_source", "interfaces", "found"),
    [
        ("192.168.1.23", PUBLIC, "192.168.1.23"),  # the default route's own address
        ("10.8.0.2", PUBLIC, "10.8.0.2"),  # even when another interface looks more likely
        (None, PUBLIC, "192.168.1.23"),  # no default route: the interface, not the container bridge
        ("127.0.0.1", PUBLIC, "192.168.1.23"),
        (None, [Interface("lo", "127.0.0.1"), Interface("eth0", "169.254.3.4")], None),  # link-local only
        (None, [Interface("eth0", "81.82.83.84"), Interface("eth1", "192.168.0.9")], "192.168.0.9"),
        (None, [Interface("eth0", "81.82.83.84")], "81.82.83.84"),
        (None, [Interface("lo", "127.0.0.1")], None),
        (None, [], None),
    ],
)
def test_the_lan_address_is_the_default_route_s_or_a_real_interface_s(
    route_source: str | None, interfaces: list[Interface], found: str | None
) -> None:
    assert lan_address(route_source, interfaces) == found


def test_up_listens_everywhere_and_gives_the_lan_address() -> None:
    assert reach(load_settings(port=8000), "192.168.1.23") == Reach("0.0.0.0", "http://192.168.1.23:8000", lan=True)
    assert reach(load_settings(host="0.0.0.0", port=8000), "192.168.1.23").base_url == "http://192.168.1.23:8000"


def test_a_public_url_is_what_people_get() -> None:
    assert reach(load_settings(public_url="https://cocreatie.kempen.be"), "192.168.1.23") == Reach(
        "0.0.0.0", "https://cocreatie.kempen.be"
    )


def test_a_host_given_is_kept_and_a_loopback_one_is_called_unreachable_for_phones() -> None:
    assert reach(load_settings(host="192.168.1.50", port=8000), "192.168.1.23") == Reach(
        "192.168.1.50", "http://192.168.1.50:8000"
    )
    local = reach(load_settings(host="127.0.0.1", port=8000), "192.168.1.23")
    assert (local.host, local.base_url, local.lan) == ("127.0.0.1", "http://127.0.0.1:8000", False)
    assert local.problem == (
        "Phones cannot reach http://127.0.0.1:8000: 127.0.0.1 is this computer's own (loopback) address, open"
        " from this computer only. To let phones on the same network join, run `cocreatie up` without --host and"
        " without COCREATIE_HOST (it then listens on every interface and prints this computer's network address)."
    )


def test_without_a_network_up_says_phones_cannot_reach_it_and_what_to_do() -> None:
    alone = reach(load_settings(port=8000), None)
    assert (alone.host, alone.base_url) == ("0.0.0.0", "http://127.0.0.1:8000")
    assert alone.problem == (
        "Phones cannot reach http://127.0.0.1:8000: this computer has no network address besides its own"
        " (loopback), so it is on no network the phones can use. Connect it to the Wi-Fi or network of the room"
        " (or start a hotspot and join it), then run `cocreatie up` again."
    )


def _can_make_namespaces() -> bool:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode == 0


namespaces = pytest.mark.skipif(not _can_make_namespaces(), reason="needs `unshare -n` (root) and iproute2")


def in_namespace(setup: str, command: list[str]) -> list[str]:
    """`command` in a new network namespace, after `setup` (shell) made its interfaces."""
    return ["unshare", "-n", "sh", "-c", f'ip link set lo up && {setup} && exec "$@"', "namespace", *command]


@namespaces
@pytest.mark.parametrize(
    ("setup", "found"),
    [(f"{VETH} && {DEFAULT_ROUTE}", LAN), (VETH, LAN), ("true", "None")],
    ids=["default-route", "no-default-route", "loopback-only"],
)
def test_the_kernel_names_the_lan_address(setup: str, found: str) -> None:
    result = subprocess.run(in_namespace(setup, DETECT), capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == found


@namespaces
def test_phones_on_the_lan_open_the_links_up_prints(tmp_path: Path) -> None:
    """`up` in a namespace with a LAN address: the banner, the join link and the API's links
    carry that address, and the address answers (asked from inside the namespace)."""
    port, printed = free_port(), tmp_path / "stdout"
    up = ["-m", "cocreatie", "up", "--port", str(port), "--data-dir", str(tmp_path / "data"), "--workers", "0"]
    with open(printed, "wb") as output:
        process = subprocess.Popen(
            in_namespace(f"{VETH} && {DEFAULT_ROUTE}", [sys.executable, *up]), stdout=output,
            stderr=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin", "REDIS_URL": "", "HOME": str(tmp_path)},
        )
        try:
            banner = wait_for_output(printed, b"Press Ctrl-C to stop.", process).decode()
            base = f"http://{LAN}:{port}"
            assert f"  Facilitator board:          {base}/board/w_" in banner
            assert f"  Participants join at:       {base}/j/" in banner
            assert "Phones on the same network (Wi-Fi) as this computer can scan the code." in banner
            assert "WARNING" not in banner
            code = banner.split("(code ", 1)[1][:6]
            token = banner.split("needed to create workshops): ", 1)[1].split()[0]
            ask = ASK.format(base=base, code=code, token=token)
            asked = subprocess.run(
                ["nsenter", "-t", str(process.pid), "-n", sys.executable, "-c", ask],
                capture_output=True, text=True, timeout=60, check=True,
            )
            assert asked.stdout.split() == ["200", "201", f"{base}/j/"]
        finally:
            assert stop(process, signal.SIGINT) == 0


ASK = """
import httpx
print(httpx.get("{base}/j/{code}").status_code)
made = httpx.post(
    "{base}/api/workshops", json={{"title": "LAN", "rounds": [{{"prompt": "Waarom?"}}]}},
    headers={{"Authorization": "Bearer {token}"}},
)
print(made.status_code, made.json()["urls"]["participant"].removesuffix(made.json()["join_code"]))
"""


def test_up_on_loopback_warns_that_phones_cannot_join(tmp_path: Path) -> None:
    port, printed = free_port(), tmp_path / "stdout"
    with open(printed, "wb") as output:
        process = cocreatie_command(
            "up", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(tmp_path / "data"), "--workers", "0",
            env={"REDIS_URL": ""}, output=output, errors=subprocess.DEVNULL,
        )
        try:
            banner = " ".join(wait_for_output(printed, b"Press Ctrl-C to stop.", process).decode().split())
        finally:
            assert stop(process, signal.SIGINT) == 0
    assert f"Participants join at: http://127.0.0.1:{port}/j/" in banner
    assert (
        f"WARNING: Phones cannot reach http://127.0.0.1:{port}: 127.0.0.1 is this computer's own (loopback)"
        " address, open from this computer only. To let phones on the same network join, run `cocreatie up`"
        " without --host and without COCREATIE_HOST"
    ) in banner
