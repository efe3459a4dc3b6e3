"""DESIGN §10 and the HTTP edges of issue 12: only the organiser creates workshops, bodies are
limited while they stream, headers must come in time, and only our own host names are served."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.clients import ROUNDS, create_workshop
from tests.processes import ORGANISER, ORGANISER_TOKEN, web_process

BODY = {"title": "Fusie", "rounds": ROUNDS}
ORGANISER_HEADER = f"Authorization: Bearer {ORGANISER_TOKEN}\r\n".encode()


def _raw(web: str) -> socket.socket:
    return socket.create_connection(("127.0.0.1", int(web.rsplit(":", 1)[1])), timeout=10)


def test_creating_a_workshop_needs_the_organiser_token(web: str) -> None:
    anonymous = httpx.post(f"{web}/api/workshops", json=BODY, timeout=5)
    wrong = httpx.post(f"{web}/api/workshops", json=BODY, headers={"Authorization": "Bearer guess"}, timeout=5)
    right = httpx.post(f"{web}/api/workshops", json=BODY, headers=ORGANISER, timeout=5)
    assert anonymous.status_code == wrong.status_code == 401
    assert anonymous.json()["error"] == {
        "code": "unauthorized", "message": "send the organiser token as 'Authorization: Bearer <token>'"
    }
    assert right.status_code == 201


def test_a_cross_site_form_post_creates_nothing(web: str) -> None:
    """A form on another site can post text/plain, but cannot add an Authorization header."""
    form = httpx.post(
        f"{web}/api/workshops", content=b'{"title": "Spam", "rounds": [{"prompt": "x"}]}',
        headers={"Content-Type": "text/plain", "Origin": "https://evil.example"}, timeout=5,
    )
    assert form.status_code == 401


def test_without_a_configured_token_nobody_creates_and_the_answer_says_how(redis_url: str, tmp_path: Path) -> None:
    with web_process(redis_url, tmp_path / "web.log", env={"COCREATIE_ORGANISER_TOKEN": ""}) as web:
        answer = httpx.post(f"{web}/api/workshops", json=BODY, headers=ORGANISER, timeout=5)
        workshop_api_still_works = httpx.get(f"{web}/api/join/AAAAAA", timeout=5).status_code
    assert answer.status_code == 401
    assert "set COCREATIE_ORGANISER_TOKEN" in answer.json()["error"]["message"]
    assert workshop_api_still_works == 404


def test_a_body_is_refused_while_it_streams(web: str) -> None:
    """A chunked body (no Content-Length) that never ends: the answer comes once the limit is
    passed, while the body is still unfinished (reading it whole first would wait forever)."""
    chunk = b"x" * 70_000
    with _raw(web) as raw:
        raw.sendall(
            b"POST /api/workshops HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + ORGANISER_HEADER + b"Transfer-Encoding: chunked\r\n\r\n"
            + f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        )
        assert raw.recv(4096).startswith(b"HTTP/1.1 413 ")


def test_a_declared_length_above_the_limit_is_refused_before_reading(web: str) -> None:
    with _raw(web) as raw:
        raw.sendall(
            b"POST /api/workshops HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + ORGANISER_HEADER + b"Content-Length: 10000000\r\n\r\n{"
        )
        assert raw.recv(4096).startswith(b"HTTP/1.1 413 ")


async def _until_closed(reader: asyncio.StreamReader) -> bytes:
    """What the server sent before it closed the connection. Closed with bytes of ours still
    unread, the close arrives as a reset (RST) rather than an end of stream: closed all the same."""
    try:
        return await reader.read()
    except ConnectionResetError:
        return b""


async def test_headers_that_never_finish_are_cut_off(redis_url: str, tmp_path: Path) -> None:
    """A slowloris client trickles a header byte every 0.2 s; with one second for its headers
    the server closes the connection although bytes keep coming."""
    with web_process(redis_url, tmp_path / "web.log", env={"COCREATIE_HEADER_SECONDS": "1"}) as web:
        reader, writer = await asyncio.open_connection("127.0.0.1", int(web.rsplit(":", 1)[1]))
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed = asyncio.create_task(_until_closed(reader))
        async with asyncio.timeout(30):
            while not closed.done():
                writer.write(b"X")
                await asyncio.sleep(0.2)
        assert await closed == b""
        writer.close()
        async with httpx.AsyncClient(timeout=5) as http:
            answered = (await http.get(f"{web}/healthz")).status_code  # a client in time is served
    assert answered in (200, 503)


def test_a_foreign_host_name_is_refused(web: str) -> None:
    """A DNS-rebinding page reaches this server under the attacker's name: refused on every route."""
    for path in ("/healthz", "/new", "/api/join/AAAAAA"):
        assert httpx.get(f"{web}{path}", headers={"Host": "rebind.evil.example"}, timeout=5).status_code == 400
    assert httpx.get(f"{web}/healthz", headers={"Host": "localhost"}, timeout=5).status_code != 400


async def test_a_socket_under_a_foreign_host_name_is_refused(web: str) -> None:
    """The Host header comes from the URL; the TCP connection goes to this machine (as DNS rebinding does)."""
    workshop, port = create_workshop(web), int(web.rsplit(":", 1)[1])
    path = f"/ws/join/{workshop.join_code}"
    with pytest.raises(InvalidStatus) as refused:
        async with connect(f"ws://rebind.evil.example:{port}{path}", host="127.0.0.1", port=port, open_timeout=5):
            pass
    assert refused.value.response.status_code == 400
    async with connect(f"ws://localhost:{port}{path}", host="127.0.0.1", port=port, open_timeout=5):
        pass


def test_allowed_hosts_and_the_public_url_are_served(redis_url: str, tmp_path: Path) -> None:
    env = {"COCREATIE_ALLOWED_HOSTS": '["cocreatie.example"]', "COCREATIE_PUBLIC_URL": "https://gemeente.example"}
    with web_process(redis_url, tmp_path / "web.log", env=env) as web:
        codes = {
            host: httpx.get(f"{web}/new", headers={"Host": host}, timeout=5).status_code
            for host in ("cocreatie.example", "gemeente.example", "other.example")
        }
    assert codes == {"cocreatie.example": 200, "gemeente.example": 200, "other.example": 400}
