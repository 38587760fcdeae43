"""Anonymous FTP: `USER anonymous`, `PASS <e-mail>` accepted with 230. Logs in, lists nothing."""

import asyncio
from dataclasses import dataclass
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.connection import connect, read_line, send
from aucote.checks.exposed.probe import ProbeFailed, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

ANONYMOUS_PASSWORD: Final = "aucote@example.invalid"
MAX_REPLY_LINES: Final = 200


@dataclass(frozen=True, slots=True)
class FtpReply:
    """A reply: its three-digit code and its text (all lines of a multi-line reply)."""

    code: int
    text: str


def reply_code(line: str) -> int:
    """The code a reply line starts with; ValueError when it has none."""
    if len(line) < 3 or not line[:3].isdigit():
        raise ValueError(f"not an FTP reply: {line[:80]!r}")
    return int(line[:3])


async def read_reply(reader: asyncio.StreamReader) -> FtpReply:
    """A reply, single (`230 text`) or multi-line (`230-…` up to `230 …`)."""
    first = await read_line(reader)
    code, lines = reply_code(first), [first]
    while first[3:4] == "-" and not lines[-1].startswith(f"{code} "):
        if len(lines) >= MAX_REPLY_LINES:
            raise ValueError(f"an FTP reply of more than {MAX_REPLY_LINES} lines")
        lines.append(await read_line(reader))
    return FtpReply(code, "\n".join(lines))


async def command(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, line: str) -> FtpReply:
    """Send one command and read its reply."""
    await send(writer, line.encode() + b"\r\n")
    return await read_reply(reader)


async def anonymous_ftp(port: Port, context: CheckContext) -> str | None:
    """Evidence: the greeting and the 230 reply."""
    require(port, Protocol.TCP)
    async with connect(port) as (reader, writer):
        greeting = await read_reply(reader)
        if greeting.code != 220:
            raise ProbeFailed(f"the FTP server is not ready: {greeting.text[:200]}")
        reply = await command(reader, writer, "USER anonymous")
        if reply.code == 331:
            reply = await command(reader, writer, f"PASS {ANONYMOUS_PASSWORD}")
        if reply.code != 230:
            return None
        await send(writer, b"QUIT\r\n")
    return f"Anonymous FTP login accepted.\nGreeting: {greeting.text}\nLogin: {reply.text}"
