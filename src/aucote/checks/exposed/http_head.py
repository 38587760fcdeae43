"""One raw HTTP/1.1 exchange on its own connection: the request as given (absolute-form and CONNECT
requests, which HTTP clients will not send to a non-proxy), the response's status and headers."""

import asyncio
from dataclasses import dataclass
from typing import Final

from aucote.checks.exposed.connection import connect, read_line, send
from aucote.model.target import Port

MAX_HEADERS: Final = 100


@dataclass(frozen=True, slots=True)
class ResponseHead:
    """Status line, status code and headers (lower-case names) of a response."""

    status_line: str
    status: int
    headers: tuple[tuple[str, str], ...]

    def values(self, name: str) -> list[str]:
        """Every value of header `name` (lower case)."""
        return [value for key, value in self.headers if key == name]


def request(method: str, target: str, authority: str, user_agent: str) -> bytes:
    """A request without a body that asks the server to close the connection."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {authority}", f"User-Agent: {user_agent}"]
    return ("\r\n".join([*lines, "Accept: */*", "Connection: close", "", ""])).encode()


async def exchange(port: Port, data: bytes) -> ResponseHead:
    """Send `data` on a new connection and read the response head."""
    async with connect(port) as (reader, writer):
        await send(writer, data)
        return await read_head(reader)


async def read_head(reader: asyncio.StreamReader) -> ResponseHead:
    """The status line and headers; ValueError when it is not HTTP."""
    status_line = await read_line(reader)
    words = status_line.split(" ", 2)
    if len(words) < 2 or not words[0].startswith("HTTP/") or not words[1].isdigit():
        raise ValueError(f"not an HTTP response: {status_line[:80]!r}")
    headers: list[tuple[str, str]] = []
    while line := await read_line(reader):
        if len(headers) >= MAX_HEADERS:
            raise ValueError(f"more than {MAX_HEADERS} response headers")
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    return ResponseHead(status_line, int(words[1]), tuple(headers))
