"""MongoDB without authentication: `listDatabases` answered instead of an authorization error.
The handshake (`isMaster`, legacy OP_QUERY, answered by every version) picks the framing of the
command: OP_MSG from wire version 6 (MongoDB 3.6) on, OP_QUERY before."""

import asyncio
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.connection import connect, send
from aucote.checks.exposed.mongo_wire import Document, op_msg, op_query, read_message, reply_document
from aucote.checks.exposed.probe import ProbeFailed, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

OP_MSG_WIRE_VERSION: Final = 6
MAX_SHOWN: Final = 20


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request_id: int, message: bytes
) -> Document:
    """Send one command, read the reply to it."""
    await send(writer, message)
    op_code, response_to, body = await read_message(reader)
    if response_to != request_id:
        raise ValueError(f"a reply to request {response_to}, expected {request_id}")
    return reply_document(op_code, body)


def is_ok(reply: Document) -> bool:
    """The command succeeded (`ok: 1`, as a double, integer or boolean)."""
    ok = reply.get("ok")
    return isinstance(ok, int | float) and ok == 1


def database_names(reply: Document) -> list[str]:
    """The names in a listDatabases reply."""
    databases = reply.get("databases")
    items = databases if isinstance(databases, list) else []
    return [str(item["name"]) for item in items if isinstance(item, dict) and "name" in item]


def list_databases(wire_version: int, request_id: int) -> bytes:
    """The listDatabases command in the framing the server speaks."""
    if wire_version >= OP_MSG_WIRE_VERSION:
        return op_msg(request_id, {"listDatabases": 1, "nameOnly": True, "$db": "admin"})
    return op_query(request_id, "admin.$cmd", {"listDatabases": 1})


async def mongodb_without_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: the wire version and the database names."""
    require(port, Protocol.TCP)
    async with connect(port) as (reader, writer):
        hello = await exchange(reader, writer, 1, op_query(1, "admin.$cmd", {"isMaster": 1}))
        if not is_ok(hello):
            raise ProbeFailed(f"MongoDB refused the isMaster handshake: {hello.get('errmsg')!r}")
        wire = hello.get("maxWireVersion")
        wire_version = wire if isinstance(wire, int) and not isinstance(wire, bool) else 0
        reply = await exchange(reader, writer, 2, list_databases(wire_version, 2))
    if not is_ok(reply):
        return None
    names = database_names(reply)
    shown = ", ".join(names[:MAX_SHOWN]) + (f" … ({len(names)} in all)" if len(names) > MAX_SHOWN else "")
    return f"MongoDB lists its databases without authentication (wire version {wire_version}): {shown}"
