"""Telnet cleartext login: read what the server sends first, answering each option it asks about
with a refusal (DO -> WONT, WILL -> DONT, RFC 854/855), until a login prompt appears. Sends no
credentials. A few lines of option handling are all a prompt needs; the stdlib's telnetlib is gone
from Python 3.13 and a Telnet client library would add a dependency for this one read."""

import asyncio
import re
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.connection import connect, send
from aucote.checks.exposed.probe import require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
PROMPT: Final = re.compile(r"(login|username|user name)\s*:\s*$", re.IGNORECASE)
READ_WAIT: Final = 3.0
MAX_TEXT: Final = 4096


def split_options(data: bytes) -> tuple[bytes, list[tuple[int, int]]]:
    """The text of `data` without Telnet commands, and the (verb, option) requests it held."""
    text, requests, index = bytearray(), [], 0
    while index < len(data):
        byte = data[index]
        if byte != IAC or index + 1 >= len(data):
            text.append(byte)
            index += 1
        elif data[index + 1] in (DO, DONT, WILL, WONT) and index + 2 < len(data):
            requests.append((data[index + 1], data[index + 2]))
            index += 3
        elif data[index + 1] == SB:
            end = data.find(bytes([IAC, SE]), index)
            index = len(data) if end < 0 else end + 2
        else:
            index += 2
    return bytes(text), requests


def refusals(requests: list[tuple[int, int]]) -> bytes:
    """WONT for every DO, DONT for every WILL."""
    answer = {DO: WONT, WILL: DONT}
    return b"".join(bytes([IAC, answer[verb], option]) for verb, option in requests if verb in answer)


async def greeting(port: Port) -> tuple[str, int]:
    """What the server printed until a login prompt (or READ_WAIT seconds of silence), and how many
    option requests it made."""
    text, asked = b"", 0
    async with connect(port) as (reader, writer):
        while len(text) < MAX_TEXT and not PROMPT.search(text.decode("latin-1").rstrip(" ")):
            try:
                data = await asyncio.wait_for(reader.read(1024), READ_WAIT)
            except TimeoutError:
                break
            if not data:
                break
            plain, requests = split_options(data)
            text, asked = text + plain, asked + len(requests)
            await send(writer, refusals(requests))
    return text.decode("utf-8", "replace"), asked


async def telnet_login(port: Port, context: CheckContext) -> str | None:
    """Evidence: the option negotiation and the login prompt the server offered."""
    require(port, Protocol.TCP)
    text, asked = await greeting(port)
    last = text.strip().splitlines()[-1] if text.strip() else ""
    if asked == 0 or not PROMPT.search(last):
        return None
    banner = " | ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return f"Telnet login offered in clear text ({asked} option requests answered): {banner[:300]}"
