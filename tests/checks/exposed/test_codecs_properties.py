"""Property: the BSON, MongoDB framing, BER and SNMP decoders, fed damaged versions of known good
messages, return a value or raise ValueError (asyncio.IncompleteReadError when the stream ends
early), never another exception."""

import asyncio
import struct

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aucote.checks.exposed import bson
from aucote.checks.exposed.ber import children, decode_integer, decode_oid, read_tlv
from aucote.checks.exposed.mongo_wire import OP_MSG, OP_REPLY, read_message, reply_document
from aucote.checks.exposed.snmp_message import get_request, parse_reply
from tests.checks.exposed.test_codecs import KNOWN_GET, KNOWN_RESPONSE
from tests.support.mutations import SETTINGS, mutated_bytes


def _nested_reply() -> bytes:
    """A listDatabases-like reply: an array of documents, an ObjectId, a null, a string, numbers."""
    inner = bson.encode({"name": "admin", "sizeOnDisk": 40960.0, "empty": False})
    array = struct.pack("<i", len(inner) + 8) + b"\x03" + b"0\x00" + inner + b"\x00"
    oid = b"\x07id\x00" + bytes(range(12))
    body = b"\x04databases\x00" + array + oid + b"\x0anothing\x00" + bson.encode({"ok": 1.0})[4:-1]
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


DOCUMENTS = (
    _nested_reply(),
    bson.encode({"ismaster": True, "maxWireVersion": 17, "msg": "isdbgrid", "ok": 1.0}),
    bson.encode({"ok": 0.0, "errmsg": "command listDatabases requires authentication", "code": 13}),
)
MESSAGES = tuple(
    struct.pack("<iiii", 16 + len(body), 7, 1, op) + body
    for document in DOCUMENTS
    for op, body in (
        (OP_MSG, b"\x00\x00\x00\x00\x00" + document),
        (OP_REPLY, struct.pack("<iqii", 8, 0, 0, 1) + document),
    )
)
DATAGRAMS = (KNOWN_RESPONSE, KNOWN_GET, get_request(0, "private", 2**31 - 1, "1.3.6.1.4.1.2021.10.1.3.1"))


@settings(**SETTINGS)
@given(mutated_bytes(DOCUMENTS))
@example(b"\x0c\x00\x00\x00\x05b\x00\xf9\xff\xff\xff\x00")  # a binary of negative size
def test_bson_documents(data: bytes) -> None:
    try:
        document = bson.decode(data)
    except ValueError:
        return
    assert all(isinstance(key, str) for key in document)


@settings(**SETTINGS)
@given(mutated_bytes(MESSAGES))
def test_mongodb_messages(data: bytes) -> None:
    async def read() -> tuple[int, int, bytes]:
        reader = asyncio.StreamReader()
        reader.feed_data(data)
        reader.feed_eof()
        return await read_message(reader)

    try:
        op_code, _, body = asyncio.run(read())
        assert isinstance(reply_document(op_code, body), dict)
    except (ValueError, asyncio.IncompleteReadError):
        pass


@settings(**SETTINGS)
@given(mutated_bytes(DATAGRAMS))
@example(bytes.fromhex("3082") + b"\xff\xff")  # a long-form length past the datagram
def test_snmp_datagrams(data: bytes) -> None:
    try:
        reply = parse_reply(data)
    except ValueError:
        return
    assert all(isinstance(oid, str) and isinstance(value, str) for oid, value in reply.bindings)


@settings(**SETTINGS)
@given(mutated_bytes(DATAGRAMS) | st.binary(max_size=40))
@example(b"\x06\x81\x80" + b"\xff" * 127 + b"\x01")  # an OID arc beyond 64 bits
def test_ber_items(data: bytes) -> None:
    try:
        item, _ = read_tlv(data)
        for child in children(item.value):
            assert isinstance(decode_oid(child) if child.tag == 0x06 else decode_integer(child), str | int)
    except ValueError:
        pass
