"""The MongoDB framing around pymongo's BSON, and the check's use of pysnmp: known bytes, what goes
on the wire, and hostile input that may only raise ValueError (MongoDB) or be dropped (SNMP)."""

import asyncio
import contextlib
import struct

import bson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pysnmp.proto.rfc1902 import Integer, OctetString
from pysnmp.proto.rfc1905 import NoSuchObject

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.mongo_wire import OP_MSG, OP_REPLY, document_at, op_msg, op_query, reply_document
from aucote.checks.exposed.redis import encode_command, info_fields
from aucote.checks.exposed.snmp import snmp_default_community
from aucote.checks.exposed.snmp_message import printable
from aucote.model.protocol import Protocol
from tests.checks.exposed.snmp_agents import RESPONSE_V2C_PUBLIC, request_fields, udp_agent, with_request_id
from tests.checks.exposed.support import loopback_port

SPEC_EXAMPLE = b"\x16\x00\x00\x00\x02hello\x00\x06\x00\x00\x00world\x00\x00"
"""bsonspec.org's first example: {"hello": "world"}."""
SYS_DESCR = "1.3.6.1.2.1.1.1.0"


def test_mongo_framing_of_the_spec_example() -> None:
    query = op_query(7, "admin.$cmd", {"hello": "world"})
    length, request_id, response_to, op_code = struct.unpack_from("<iiii", query)
    assert (length, request_id, response_to, op_code) == (len(query), 7, 0, 2004)
    assert (
        query[16:31] == b"\x00\x00\x00\x00admin.$cmd\x00"
        and query[31:39] == b"\x00\x00\x00\x00\xff\xff\xff\xff"
    )
    assert query[39:] == SPEC_EXAMPLE
    assert op_msg(8, {"hello": "world"})[16:] == b"\x00\x00\x00\x00\x00" + SPEC_EXAMPLE


def test_mongo_reply_documents() -> None:
    reply = bson.encode({"ok": 1.0, "databases": [{"name": "admin"}]})
    expected = {"ok": 1.0, "databases": [{"name": "admin"}]}
    assert reply_document(OP_MSG, b"\x00\x00\x00\x00\x00" + reply) == expected
    assert reply_document(OP_REPLY, struct.pack("<iqii", 0, 0, 0, 1) + reply + SPEC_EXAMPLE) == expected
    assert document_at(b"xx" + SPEC_EXAMPLE, 2) == {"hello": "world"}


def test_mongo_bad_utf8_and_dates_out_of_range_are_decoded() -> None:
    body = b"\x02s\x00\x02\x00\x00\x00\xff\x00" + b"\x09t\x00" + struct.pack("<q", 2**62)
    document = document_at(struct.pack("<i", len(body) + 5) + body + b"\x00", 0)
    assert document["s"] == "\ufffd" and int(document["t"]) == 2**62


def test_mongo_deep_nesting_is_a_value_error() -> None:
    inner = b""
    for _ in range(2000):
        body = (b"\x03a\x00" + inner) if inner else b""
        inner = struct.pack("<i", len(body) + 5) + body + b"\x00"
    with pytest.raises(ValueError, match="bad BSON document"):
        document_at(inner, 0)


@given(st.binary(max_size=200))
def test_mongo_hostile_bytes_raise_only_value_error(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        document_at(data, 0)


@given(st.binary(max_size=120))
def test_mongo_hostile_body_with_valid_size(body: bytes) -> None:
    with contextlib.suppress(ValueError):
        document_at(struct.pack("<i", len(body) + 5) + body + b"\x00", 0)


def test_snmp_values_as_text() -> None:
    assert printable(OctetString(b"Linux \xff")) == "Linux \ufffd"
    assert printable(OctetString(b"x" * 300)) == "x" * 200 + "…"
    assert (printable(NoSuchObject("")), printable(Integer(42))) == ("noSuchObject", "42")


def test_snmp_requests_on_the_wire() -> None:
    """Two rounds of four GetRequests for sysDescr.0 (v1 and v2c, public and private) to a silent
    agent: eight datagrams, each round with its own request ids, and no finding."""
    with udp_agent(lambda _: None) as (port, received):
        context = CheckContext(timeout=0.6)
        assert asyncio.run(snmp_default_community(loopback_port(port, Protocol.UDP), context)) is None
    fields = [request_fields(datagram) for datagram in received]
    asked = sorted((version, community, oid) for version, community, _, oid in fields)
    assert asked == sorted([(v, c, SYS_DESCR) for v in (0, 1) for c in ("public", "private")] * 2)
    assert len({request_id for _, _, request_id, _ in fields}) == 8


def test_snmp_answer_with_another_request_id_is_dropped() -> None:
    def answer(datagram: bytes) -> bytes:
        return with_request_id(RESPONSE_V2C_PUBLIC, request_fields(datagram)[2] ^ 1 << 30)

    with udp_agent(answer) as (port, _):
        context = CheckContext(timeout=0.6)
        assert asyncio.run(snmp_default_community(loopback_port(port, Protocol.UDP), context)) is None


def test_snmp_answer_to_its_own_request_is_accepted() -> None:
    def answer(datagram: bytes) -> bytes | None:
        version, community, request_id, _ = request_fields(datagram)
        mine = (version, community) == (1, "public")
        return with_request_id(RESPONSE_V2C_PUBLIC, request_id) if mine else None

    with udp_agent(answer) as (port, _):
        context = CheckContext(timeout=0.6)
        output = asyncio.run(snmp_default_community(loopback_port(port, Protocol.UDP), context))
    assert output == "SNMP community 'public' accepted (v2c): sysDescr.0 = Linux\n"


def test_redis_encoding_and_info() -> None:
    assert encode_command("INFO", "server") == b"*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n"
    assert info_fields("# Server\r\nredis_version:7.0.15\r\nos:Linux\r\n") == {
        "redis_version": "7.0.15",
        "os": "Linux",
    }
