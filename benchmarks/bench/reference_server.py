"""The reference server: its only work is `websockets.broadcast()` of each frame it
receives to every socket it holds.

    python -m benchmarks.bench.reference_server PORT      (prints "ready" once listening)
"""

from __future__ import annotations

import asyncio
import sys

from websockets.asyncio.server import ServerConnection, broadcast, serve


async def serve_reference(port: int) -> None:
    clients: set[ServerConnection] = set()

    async def handler(socket: ServerConnection) -> None:
        clients.add(socket)
        try:
            async for frame in socket:
                broadcast(clients, frame)
        finally:
            clients.discard(socket)

    async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=None, max_size=2**16) as server:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve_reference(int(sys.argv[1])))
