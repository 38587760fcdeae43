"""Memcached statistics open: the text-protocol `stats` command answered. Read-only."""

from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.connection import connect, read_line, send
from aucote.checks.exposed.probe import require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

MAX_LINES: Final = 500
SHOWN_STATS: Final = ("version", "uptime", "curr_connections", "curr_items", "total_items")
_REFUSALS: Final = ("ERROR", "CLIENT_ERROR", "SERVER_ERROR")


async def memcached_stats(port: Port, context: CheckContext) -> str | None:
    """Evidence: a few of the statistics the server gave."""
    require(port, Protocol.TCP)
    stats: dict[str, str] = {}
    async with connect(port) as (reader, writer):
        await send(writer, b"stats\r\n")
        for _ in range(MAX_LINES):
            line = await read_line(reader)
            if line == "END" or line.startswith(_REFUSALS):
                break
            if not line.startswith("STAT "):
                raise ValueError(f"not a memcached reply: {line[:80]!r}")
            name, _, value = line.removeprefix("STAT ").partition(" ")
            stats[name] = value
    if "version" not in stats and "pid" not in stats:
        return None
    shown = ", ".join(f"{key}={stats[key]}" for key in SHOWN_STATS if key in stats)
    return f"Memcached answers 'stats' without authentication ({len(stats)} statistics): {shown}"
