"""Redis without authentication: `PING` and `INFO server` answered instead of NOAUTH. Read-only."""

import asyncio
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.connection import connect, read_line, send
from aucote.checks.exposed.probe import require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

MAX_BULK: Final = 1 << 20
SHOWN_FIELDS: Final = ("redis_version", "redis_mode", "os", "tcp_port")


def encode_command(*words: str) -> bytes:
    """A RESP array of bulk strings, the form every Redis version reads."""
    parts = [f"*{len(words)}\r\n".encode()]
    for word in words:
        data = word.encode()
        parts.append(f"${len(data)}\r\n".encode() + data + b"\r\n")
    return b"".join(parts)


async def read_reply(reader: asyncio.StreamReader) -> tuple[bool, str]:
    """(ok, text) of a simple string, error, integer or bulk string reply."""
    line = await read_line(reader)
    kind, rest = line[:1], line[1:]
    if kind in ("+", ":"):
        return True, rest
    if kind == "-":
        return False, rest
    if kind == "$":
        return True, await _bulk(reader, rest)
    raise ValueError(f"not a Redis reply: {line[:80]!r}")


async def _bulk(reader: asyncio.StreamReader, size_text: str) -> str:
    size = int(size_text)
    if size < 0:
        return ""
    if size > MAX_BULK:
        raise ValueError(f"a Redis reply of {size} bytes")
    data = await reader.readexactly(size + 2)
    return data[:size].decode("utf-8", "replace")


def info_fields(info: str) -> dict[str, str]:
    """`key:value` lines of an INFO reply."""
    pairs = (line.partition(":") for line in info.splitlines() if ":" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, _, value in pairs}


async def redis_without_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: the PING answer and the server's version fields."""
    require(port, Protocol.TCP)
    async with connect(port) as (reader, writer):
        await send(writer, encode_command("PING"))
        ok, pong = await read_reply(reader)
        if not ok:
            return None
        await send(writer, encode_command("INFO", "server"))
        ok, info = await read_reply(reader)
    if not ok or "redis_version" not in info_fields(info):
        return None
    fields = info_fields(info)
    shown = ", ".join(f"{key}={fields[key]}" for key in SHOWN_FIELDS if key in fields)
    return f"Redis answers without authentication: PING -> {pong}; INFO server: {shown}"
