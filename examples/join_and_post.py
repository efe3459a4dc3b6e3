"""Join a cocreatie workshop by its code and post one idea, as a phone would.

    python examples/join_and_post.py http://127.0.0.1:8000 K7QX3M "Eén loket voor alle diensten" --group burger

The participant token the server hands out is kept in a small JSON file (by default
`participant-<CODE>.json` in the current folder), so a second run comes back as the
same participant and needs no group. The idea's event id is printed on stdout; what
happens along the way goes to stderr.

The protocol is described in docs/protocol.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

Frame = dict[str, Any]
ATTEMPTS = 3


class Refused(Exception):
    """The server answered with an error frame."""


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def join_url(base_url: str, code: str) -> str:
    """http(s)://host → ws(s)://host/ws/join/CODE"""
    return base_url.rstrip("/").replace("http", "ws", 1) + f"/ws/join/{code}"


def load_token(path: Path) -> str | None:
    if not path.exists():
        return None
    token: str | None = json.loads(path.read_text())["participant_token"]
    return token


def save_token(path: Path, welcome: Frame) -> None:
    path.write_text(json.dumps({"participant_token": welcome["participant_token"],
                                "participant_id": welcome["participant_id"]}))


async def receive(socket: ClientConnection) -> Frame:
    frame: Frame = json.loads(await socket.recv())
    if frame["type"] == "error":
        raise Refused(f"{frame['code']}: {frame['message']}")
    return frame


async def hello(socket: ClientConnection, args: argparse.Namespace) -> Frame:
    """Come back with the saved token, or join anew with a group; returns the welcome."""
    token = load_token(args.token_file)
    greeting: Frame = {"type": "hello", "participant_token": token} if token else {"type": "hello", "group": args.group}
    if args.name and not token:
        greeting["name"] = args.name
    await socket.send(json.dumps(greeting))
    welcome = await receive(socket)
    if "participant_token" in welcome:
        save_token(args.token_file, welcome)
        say(f"joined as a new participant ({welcome['participant_id']}); token kept in {args.token_file}")
    else:
        say(f"welcome back, participant {welcome['participant_id']}")
    return welcome


async def until_collecting(socket: ClientConnection, snapshot: Frame) -> None:
    """Follow phase changes until the current round collects ideas."""
    phases = {round_["id"]: round_["phase"] for round_ in snapshot["rounds"]}
    current = snapshot["current_round_id"]
    if phases[current] != "collect":
        say(f"round {current} is in phase {phases[current]!r}; waiting for the facilitator to open it")
    while phases[current] != "collect":
        frame = await receive(socket)
        if frame["type"] == "event" and frame["event"] == "phase.changed":
            round_id, phase = frame["data"]["round_id"], frame["data"]["phase"]
            phases[round_id] = phase
            if phase != "closed":
                current = round_id


async def post(socket: ClientConnection, client_id: str, text: str) -> str:
    """Submit the idea and wait for its acknowledgement; returns the event id."""
    await socket.send(json.dumps({"type": "idea.submit", "client_id": client_id, "text": text}))
    while True:
        frame = await receive(socket)
        if frame["type"] == "idea.accepted" and frame["client_id"] == client_id:
            event_id: str = frame["event_id"]
            return event_id


async def join_and_post(args: argparse.Namespace) -> str:
    """One idea, exactly once: a retry after a dropped connection reuses the client id."""
    client_id = str(uuid.uuid4())
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with connect(join_url(args.base_url, args.code)) as socket:
                welcome = await hello(socket, args)
                await until_collecting(socket, welcome["snapshot"])
                return await post(socket, client_id, args.text)
        except InvalidStatus as error:
            status = error.response.status_code
            raise Refused(f"HTTP {status}: no workshop has code {args.code} (or this Origin is not allowed)") from error
        except (ConnectionClosed, OSError) as error:
            if attempt == ATTEMPTS:
                raise
            say(f"connection lost ({error}); trying again with the same client id")
            await asyncio.sleep(attempt)
    raise AssertionError("unreachable")


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Join a cocreatie workshop and post one idea.")
    parser.add_argument("base_url", help="the server, e.g. http://127.0.0.1:8000")
    parser.add_argument("code", help="the join code shown on the projector, e.g. K7QX3M")
    parser.add_argument("text", help="the idea (1-280 characters)")
    parser.add_argument("--group", help="your stakeholder group; needed the first time only")
    parser.add_argument("--name", help="an optional display name (only the facilitator sees it)")
    parser.add_argument("--token-file", type=Path, help="where the participant token is kept")
    args = parser.parse_args(argv)
    args.code = "".join(char for char in args.code.upper() if char not in " -_.")  # as the server reads it
    args.token_file = args.token_file or Path(f"participant-{args.code}.json")
    if args.group is None and not args.token_file.exists():
        parser.error(f"first time in workshop {args.code}: pass --group (e.g. --group burger)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    try:
        event_id = asyncio.run(join_and_post(args))
    except Refused as error:
        say(f"refused: {error}")
        return 1
    except (ConnectionClosed, OSError) as error:
        say(f"could not reach {args.base_url}: {error}")
        return 2
    print(event_id, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
