"""MongoDB wire protocol framing: legacy OP_QUERY/OP_REPLY (every server answers the handshake) and
OP_MSG (3.6 and later). A message is a 16-byte header (length, request id, response to, op code)
and a body; the documents in it are BSON, encoded and decoded by pymongo's `bson` package. pymongo
has no public API for the framing, and its client refuses servers older than MongoDB 4.2 (see
docs/checks/exposed.md), so the framing stays here. Decoding hostile bytes raises ValueError only."""

import asyncio
import struct
from collections.abc import Mapping
from typing import Any, Final

import bson
from bson.codec_options import CodecOptions, DatetimeConversion
from bson.errors import BSONError

OP_REPLY: Final = 1
OP_QUERY: Final = 2004
OP_MSG: Final = 2013
MAX_MESSAGE: Final = 4 << 20
_HEADER: Final = struct.Struct("<iiii")
Command = Mapping[str, str | int | float | bool]
Document = dict[str, Any]
_DECODING: Final[CodecOptions[Document]] = CodecOptions(
    unicode_decode_error_handler="replace", datetime_conversion=DatetimeConversion.DATETIME_AUTO
)
"""Lenient decoding of foreign replies: bad UTF-8 replaced, dates out of Python's range kept."""


def _message(request_id: int, op_code: int, body: bytes) -> bytes:
    return _HEADER.pack(_HEADER.size + len(body), request_id, 0, op_code) + body


def op_query(request_id: int, collection: str, query: Command) -> bytes:
    """A command as a legacy query on `<db>.$cmd` asking for one document."""
    header = struct.pack("<i", 0) + collection.encode() + b"\x00" + struct.pack("<ii", 0, -1)
    return _message(request_id, OP_QUERY, header + bson.encode(query))


def op_msg(request_id: int, command: Command) -> bytes:
    """A command as an OP_MSG with one body section (the command names its database in `$db`)."""
    return _message(request_id, OP_MSG, struct.pack("<I", 0) + b"\x00" + bson.encode(command))


async def read_message(reader: asyncio.StreamReader) -> tuple[int, int, bytes]:
    """(op code, response to, body) of the next message."""
    header = await reader.readexactly(_HEADER.size)
    length, _, response_to, op_code = _HEADER.unpack(header)
    if not _HEADER.size <= length <= MAX_MESSAGE:
        raise ValueError(f"a MongoDB message of {length} bytes")
    return op_code, response_to, await reader.readexactly(length - _HEADER.size)


def reply_document(op_code: int, body: bytes) -> Document:
    """The command reply inside an OP_REPLY (its first document) or an OP_MSG (its body section)."""
    if op_code == OP_REPLY:
        if len(body) < 20 or struct.unpack_from("<i", body, 16)[0] < 1:
            raise ValueError("an OP_REPLY without a document")
        return document_at(body, 20)
    if op_code == OP_MSG:
        if len(body) < 5 or body[4] != 0:
            raise ValueError("an OP_MSG that does not start with a body section")
        return document_at(body, 5)
    raise ValueError(f"unexpected MongoDB op code {op_code}")


def document_at(data: bytes, offset: int) -> Document:
    """The BSON document that starts at `offset` (its first 4 bytes give its size)."""
    if offset + 4 > len(data):
        raise ValueError("a MongoDB message cut before its document")
    size = struct.unpack_from("<i", data, offset)[0]
    if size < 5 or offset + size > len(data):
        raise ValueError(f"bad BSON document size {size}")
    try:
        return bson.decode(data[offset : offset + size], _DECODING)
    except (BSONError, RecursionError) as error:
        raise ValueError(f"bad BSON document: {error}") from error
