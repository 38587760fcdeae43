"""MongoDB wire protocol framing: legacy OP_QUERY/OP_REPLY (every server answers the handshake) and
OP_MSG (3.6 and later). A message is a 16-byte header (length, request id, response to, op code)
and a body."""

import asyncio
import struct
from typing import Final

from aucote.checks.exposed import bson

OP_REPLY: Final = 1
OP_QUERY: Final = 2004
OP_MSG: Final = 2013
MAX_MESSAGE: Final = 4 << 20
_HEADER: Final = struct.Struct("<iiii")


def _message(request_id: int, op_code: int, body: bytes) -> bytes:
    return _HEADER.pack(_HEADER.size + len(body), request_id, 0, op_code) + body


def op_query(request_id: int, collection: str, query: dict[str, str | int | float | bool]) -> bytes:
    """A command as a legacy query on `<db>.$cmd` asking for one document."""
    body = (
        struct.pack("<i", 0) + collection.encode() + b"\x00" + struct.pack("<ii", 0, -1) + bson.encode(query)
    )
    return _message(request_id, OP_QUERY, body)


def op_msg(request_id: int, command: dict[str, str | int | float | bool]) -> bytes:
    """A command as an OP_MSG with one body section (the command names its database in `$db`)."""
    return _message(request_id, OP_MSG, struct.pack("<I", 0) + b"\x00" + bson.encode(command))


async def read_message(reader: asyncio.StreamReader) -> tuple[int, int, bytes]:
    """(op code, response to, body) of the next message."""
    header = await reader.readexactly(_HEADER.size)
    length, _, response_to, op_code = _HEADER.unpack(header)
    if not _HEADER.size <= length <= MAX_MESSAGE:
        raise ValueError(f"a MongoDB message of {length} bytes")
    return op_code, response_to, await reader.readexactly(length - _HEADER.size)


def reply_document(op_code: int, body: bytes) -> dict[str, bson.Value]:
    """The command reply inside an OP_REPLY (its first document) or an OP_MSG (its body section)."""
    if op_code == OP_REPLY:
        if len(body) < 20 or struct.unpack_from("<i", body, 16)[0] < 1:
            raise ValueError("an OP_REPLY without a document")
        return bson.decode_at(body, 20)[0]
    if op_code == OP_MSG:
        if len(body) < 5 or body[4] != 0:
            raise ValueError("an OP_MSG that does not start with a body section")
        return bson.decode_at(body, 5)[0]
    raise ValueError(f"unexpected MongoDB op code {op_code}")
