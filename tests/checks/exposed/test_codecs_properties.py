"""Property: whatever parses foreign bytes returns a result or its documented error. MongoDB: the
framing and pymongo's BSON decoding, fed damaged versions of known good messages, return a value or
raise ValueError (asyncio.IncompleteReadError when the stream ends early). SNMP: pysnmp decodes the
datagrams inside the check, so the check itself meets an agent answering every request with a
damaged GetResponse (its request id patched in): it returns evidence or None, never an exception,
and pysnmp reports no error of its own to the event loop."""

import asyncio
import struct
from typing import Any

import bson
from bson.int64 import Int64
from bson.objectid import ObjectId
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.mongo_wire import OP_MSG, OP_REPLY, document_at, read_message, reply_document
from aucote.checks.exposed.snmp import snmp_default_community
from aucote.model.protocol import Protocol
from tests.checks.exposed.snmp_agents import TEMPLATES, request_fields, udp_agent, with_request_id
from tests.checks.exposed.support import loopback_port
from tests.support.mutations import SETTINGS, mutated_bytes

DOCUMENTS = (
    bson.encode(
        {
            "databases": [{"name": "admin", "sizeOnDisk": Int64(40960), "empty": False}],
            "id": ObjectId(bytes(range(12))),
            "nothing": None,
            "ok": 1.0,
        }
    ),
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


@settings(**SETTINGS)
@given(mutated_bytes(DOCUMENTS))
@example(b"\x0c\x00\x00\x00\x05b\x00\xf9\xff\xff\xff\x00")  # a binary of negative size
def test_bson_documents(data: bytes) -> None:
    try:
        document = document_at(data, 0)
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


def _answering(template: bytes) -> Any:
    def answer(datagram: bytes) -> bytes:
        return with_request_id(template, request_fields(datagram)[2])

    return answer


async def _probe(port: int) -> tuple[str | None, list[dict[str, Any]]]:
    """The check's evidence and what reached the event loop's exception handler meanwhile."""
    errors: list[dict[str, Any]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _, error: errors.append(error))
    output = await snmp_default_community(loopback_port(port, Protocol.UDP), CheckContext(timeout=0.4))
    return output, errors


@settings(max_examples=30, deadline=None)
@given(mutated_bytes(TEMPLATES) | st.binary(max_size=40))
@example(bytes.fromhex("3082") + b"\xff\xff")  # a long-form length past the datagram
@example(b"\x06\x81\x80" + b"\xff" * 127 + b"\x01")  # an OID arc beyond 64 bits
def test_snmp_check_on_damaged_answers(template: bytes) -> None:
    with udp_agent(_answering(template)) as (port, _):
        output, errors = asyncio.run(_probe(port))
    assert errors == [], [repr(error.get("exception")) for error in errors]
    assert output is None or output.startswith("SNMP community '")
