"""SNMP v1/v2c messages (RFC 1157, RFC 3416): a GetRequest, and reading the GetResponse."""

from dataclasses import dataclass
from typing import Final

from aucote.checks.exposed.ber import (
    NULL,
    OCTET_STRING,
    SEQUENCE,
    Tlv,
    children,
    decode_integer,
    decode_oid,
    encode_integer,
    encode_oid,
    read_tlv,
    tlv,
)

GET_REQUEST: Final = 0xA0
GET_RESPONSE: Final = 0xA2
VERSION_NAMES: Final = {0: "v1", 1: "v2c"}
_EXCEPTIONS: Final = {0x80: "noSuchObject", 0x81: "noSuchInstance", 0x82: "endOfMibView", NULL: "NULL"}
MAX_SHOWN: Final = 200


@dataclass(frozen=True, slots=True)
class SnmpReply:
    """What a GetResponse says: the version and community it echoes, its request id, error status
    and the variable bindings as (oid, printable value)."""

    version: int
    community: str
    request_id: int
    error_status: int
    bindings: tuple[tuple[str, str], ...]


def get_request(version: int, community: str, request_id: int, oid: str) -> bytes:
    """A GetRequest for one object."""
    binding = tlv(SEQUENCE, encode_oid(oid) + tlv(NULL, b""))
    pdu = encode_integer(request_id) + encode_integer(0) + encode_integer(0) + tlv(SEQUENCE, binding)
    message = encode_integer(version) + tlv(OCTET_STRING, community.encode()) + tlv(GET_REQUEST, pdu)
    return tlv(SEQUENCE, message)


def parse_reply(data: bytes) -> SnmpReply:
    """The GetResponse in a datagram; ValueError for anything else."""
    message, _ = read_tlv(data)
    parts = children(message.value) if message.tag == SEQUENCE else []
    if len(parts) != 3 or parts[1].tag != OCTET_STRING or parts[2].tag != GET_RESPONSE:
        raise ValueError("not an SNMP v1/v2c GetResponse")
    pdu = children(parts[2].value)
    if len(pdu) != 4 or pdu[3].tag != SEQUENCE:
        raise ValueError("malformed SNMP PDU")
    bindings = tuple(_binding(item) for item in children(pdu[3].value))
    community = parts[1].value.decode("utf-8", "replace")
    return SnmpReply(
        decode_integer(parts[0]), community, decode_integer(pdu[0]), decode_integer(pdu[1]), bindings
    )


def _binding(item: Tlv) -> tuple[str, str]:
    pair = children(item.value) if item.tag == SEQUENCE else []
    if len(pair) != 2:
        raise ValueError("malformed SNMP variable binding")
    return decode_oid(pair[0]), printable(pair[1])


def printable(item: Tlv) -> str:
    """A value as text: strings decoded, SNMP exceptions by name, anything else in hex."""
    if item.tag == OCTET_STRING:
        text = item.value.decode("utf-8", "replace")
        return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    if item.tag in _EXCEPTIONS:
        return _EXCEPTIONS[item.tag]
    return item.value[:MAX_SHOWN].hex()
