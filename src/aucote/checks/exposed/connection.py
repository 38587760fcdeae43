"""A TCP connection to the scanned port, always closed, with bounded reads of text lines."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from aucote.checks.exposed.probe import host
from aucote.model.target import Port

LINE_LIMIT: Final = 8192
"""Longest line a probe accepts; longer is an unreadable answer (ValueError)."""


@asynccontextmanager
async def connect(port: Port) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    """An open stream pair to the port, closed when the block ends."""
    reader, writer = await asyncio.open_connection(host(port), port.number, limit=LINE_LIMIT)
    try:
        yield reader, writer
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def read_line(reader: asyncio.StreamReader) -> str:
    """One line without its end, decoded leniently; EOFError when the service closed the connection."""
    try:
        line = await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as error:
        raise EOFError("the service closed the connection") from error
    except asyncio.LimitOverrunError as error:
        raise ValueError(f"a line longer than {LINE_LIMIT} bytes") from error
    return line.decode("utf-8", "replace").rstrip("\r\n")


async def send(writer: asyncio.StreamWriter, data: bytes) -> None:
    """Write and flush."""
    writer.write(data)
    await writer.drain()
