"""A fake SSH server on a free loopback port, inside the test's own event loop: it sends fixed bytes
(an identification, a recorded KEXINIT …) to each client, then closes or stays silent."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def replay_server(data: bytes, close: bool = True) -> AsyncIterator[int]:
    """Serve `data` to every client for the block; yields the port. `close=False` keeps the
    connection open without sending more, until the client leaves."""

    async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(data)
        await writer.drain()
        if not close:
            await reader.read()
        writer.close()

    server = await asyncio.start_server(greet, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[1]
