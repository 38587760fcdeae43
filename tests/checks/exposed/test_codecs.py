"""The hand-written BSON, MongoDB framing, BER and SNMP codecs: known bytes, round trips, and
hostile input that may only raise ValueError."""

import contextlib
import struct

from hypothesis import given
from hypothesis import strategies as st

from aucote.checks.exposed import bson
from aucote.checks.exposed.ber import Tlv, decode_integer, decode_oid, encode_integer, encode_oid, read_tlv
from aucote.checks.exposed.mongo_wire import OP_MSG, OP_REPLY, op_msg, op_query, reply_document
from aucote.checks.exposed.redis import encode_command, info_fields
from aucote.checks.exposed.snmp_message import get_request, parse_reply

# The GetRequest net-snmp's agent answered in manual testing (v2c, public, request id 1, sysDescr.0).
KNOWN_GET = bytes.fromhex(
    "302602010104067075626c6963a01902010102010002010030" + "0e300c06082b060102010101000500"
)
# Its answer, with the description shortened to "Linux".
KNOWN_RESPONSE = bytes.fromhex(
    "302b02010104067075626c6963a21e02010102010002010030133011" + "06082b06010201010100" + "04054c696e7578"
)


def test_bson_spec_example() -> None:
    data = b"\x16\x00\x00\x00\x02hello\x00\x06\x00\x00\x00world\x00\x00"
    assert bson.encode({"hello": "world"}) == data
    assert bson.decode(data) == {"hello": "world"}


def test_bson_round_trip_of_command_types() -> None:
    document: dict[str, str | int | float | bool] = {
        "listDatabases": 1,
        "nameOnly": True,
        "big": 2**40,
        "ratio": 0.5,
        "$db": "admin",
    }
    assert bson.decode(bson.encode(document)) == document


def test_bson_nested_and_raw_types() -> None:
    inner = bson.encode({"name": "admin"})
    array = struct.pack("<i", len(inner) + 8) + b"\x03" + b"0\x00" + inner + b"\x00"
    oid = b"\x07id\x00" + bytes(range(12))
    body = b"\x04databases\x00" + array + oid + b"\x0anothing\x00"
    data = struct.pack("<i", len(body) + 5) + body + b"\x00"
    assert bson.decode(data) == {"databases": [{"name": "admin"}], "id": bytes(range(12)), "nothing": None}


@given(st.binary(max_size=200))
def test_bson_hostile_bytes_raise_only_value_error(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        bson.decode(data)


@given(st.binary(max_size=120))
def test_bson_hostile_body_with_valid_size(body: bytes) -> None:
    with contextlib.suppress(ValueError):
        bson.decode(struct.pack("<i", len(body) + 5) + body + b"\x00")


def test_mongo_framing() -> None:
    query = op_query(7, "admin.$cmd", {"isMaster": 1})
    length, request_id, response_to, op_code = struct.unpack_from("<iiii", query)
    assert (length, request_id, response_to, op_code) == (len(query), 7, 0, 2004)
    assert query[16:20] == b"\x00\x00\x00\x00" and query[20:31] == b"admin.$cmd\x00"
    message = op_msg(8, {"hello": 1, "$db": "admin"})
    assert message[16:21] == b"\x00\x00\x00\x00\x00"
    reply = bson.encode({"ok": 1.0})
    assert reply_document(OP_MSG, b"\x00\x00\x00\x00\x00" + reply) == {"ok": 1.0}
    assert reply_document(OP_REPLY, struct.pack("<iqii", 0, 0, 0, 1) + reply) == {"ok": 1.0}


def test_ber_integers_and_oids() -> None:
    for number in (0, 1, 127, 128, 255, 256, -1, -128, -129, 2**31 - 1):
        item, _ = read_tlv(encode_integer(number))
        assert decode_integer(item) == number
    assert encode_integer(128) == b"\x02\x02\x00\x80"
    assert encode_oid("1.3.6.1.4.1.2021.10.1.3.1") == bytes.fromhex("060b2b060104018f650a010301")
    assert decode_oid(Tlv(6, bytes.fromhex("2b0601040183650a010301"))) == "1.3.6.1.4.1.485.10.1.3.1"


def test_snmp_known_request_and_response() -> None:
    assert get_request(1, "public", 1, "1.3.6.1.2.1.1.1.0") == KNOWN_GET
    reply = parse_reply(KNOWN_RESPONSE)
    assert (reply.version, reply.community, reply.request_id, reply.error_status) == (1, "public", 1, 0)
    assert reply.bindings == (("1.3.6.1.2.1.1.1.0", "Linux"),)


@given(st.binary(max_size=120))
def test_snmp_hostile_datagrams_raise_only_value_error(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        parse_reply(data)


@given(st.integers(min_value=0, max_value=len(KNOWN_RESPONSE) - 1), st.integers(min_value=0, max_value=255))
def test_snmp_corrupted_response_raises_only_value_error(position: int, byte: int) -> None:
    corrupted = KNOWN_RESPONSE[:position] + bytes([byte]) + KNOWN_RESPONSE[position + 1 :]
    with contextlib.suppress(ValueError):
        parse_reply(corrupted)


def test_redis_encoding_and_info() -> None:
    assert encode_command("INFO", "server") == b"*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n"
    assert info_fields("# Server\r\nredis_version:7.0.15\r\nos:Linux\r\n") == {
        "redis_version": "7.0.15",
        "os": "Linux",
    }
