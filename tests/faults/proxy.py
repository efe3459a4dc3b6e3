"""A TCP proxy on 127.0.0.1 that can go deaf and then cut: bytes from the client keep
reaching the server, the server's answers are dropped, then the client's line is cut.
That is a phone losing its network between submitting an idea and hearing the ack."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

CHUNK = 65536


class Proxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.deaf = asyncio.Event()
        self._clients: set[asyncio.StreamWriter] = set()
        self._pumps: set[asyncio.Task[None]] = set()

    async def serve_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._clients.add(writer)
        for pump in (self._pump(reader, upstream_writer, down=False), self._pump(upstream_reader, writer, down=True)):
            task = asyncio.create_task(pump)
            self._pumps.add(task)
            task.add_done_callback(self._pumps.discard)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, down: bool) -> None:
        try:
            while chunk := await reader.read(CHUNK):
                if not (down and self.deaf.is_set()):
                    writer.write(chunk)
                    await writer.drain()
        except ConnectionError:
            return  # the other side was cut (that is the point): this direction ends with it
        finally:
            writer.close()

    def go_deaf(self) -> None:
        """From now on the server's answers are dropped (the client sees nothing)."""
        self.deaf.set()

    def cut(self) -> None:
        """Abort every client connection (an RST, as when the network goes), and hear again."""
        for writer in self._clients:
            writer.transport.abort()
        self._clients.clear()
        self.deaf.clear()

    async def aclose(self) -> None:
        self.cut()
        for task in list(self._pumps):
            task.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)


@asynccontextmanager
async def proxy_to(target_port: int) -> AsyncIterator[tuple[Proxy, int]]:
    proxy = Proxy(target_port)
    server = await asyncio.start_server(proxy.serve_client, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield proxy, port
    finally:
        await proxy.aclose()
        server.close()
        await server.wait_closed()
