"""The few BER (X.690) encodings SNMP v1/v2c needs: tag-length-value items, integers, octet strings,
object identifiers. Decoding hostile bytes raises ValueError only."""

from dataclasses import dataclass
from typing import Final

INTEGER: Final = 0x02
OCTET_STRING: Final = 0x04
NULL: Final = 0x05
OBJECT_IDENTIFIER: Final = 0x06
SEQUENCE: Final = 0x30


@dataclass(frozen=True, slots=True)
class Tlv:
    """One item: its tag byte and its value bytes."""

    tag: int
    value: bytes


def encode_length(size: int) -> bytes:
    """Short form below 128, else long form."""
    if size < 0x80:
        return bytes([size])
    data = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(data)]) + data


def tlv(tag: int, value: bytes) -> bytes:
    """An encoded item."""
    return bytes([tag]) + encode_length(len(value)) + value


def encode_integer(number: int) -> bytes:
    """A two's complement INTEGER in the fewest bytes."""
    size = (number + (number < 0)).bit_length() // 8 + 1
    return tlv(INTEGER, number.to_bytes(size, "big", signed=True))


def encode_oid(dotted: str) -> bytes:
    """An OBJECT IDENTIFIER from its dotted form (`1.3.6.1.2.1.1.1.0`)."""
    arcs = [int(arc) for arc in dotted.split(".")]
    if len(arcs) < 2 or arcs[0] > 2:
        raise ValueError(f"bad object identifier {dotted!r}")
    body = bytes(_base128(40 * arcs[0] + arcs[1]))
    for arc in arcs[2:]:
        body += bytes(_base128(arc))
    return tlv(OBJECT_IDENTIFIER, body)


def _base128(number: int) -> list[int]:
    groups = [number & 0x7F]
    number >>= 7
    while number:
        groups.insert(0, 0x80 | (number & 0x7F))
        number >>= 7
    return groups


def read_tlv(data: bytes, at: int = 0) -> tuple[Tlv, int]:
    """The item at `at`, and the offset after it."""
    if at + 2 > len(data):
        raise ValueError("BER item truncated")
    tag, first = data[at], data[at + 1]
    if tag & 0x1F == 0x1F:
        raise ValueError("BER high tag numbers are not used by SNMP")
    start, size = at + 2, first
    if first & 0x80:
        count = first & 0x7F
        if count == 0 or count > 4 or start + count > len(data):
            raise ValueError("bad BER length")
        start, size = start + count, int.from_bytes(data[at + 2 : at + 2 + count], "big")
    if start + size > len(data):
        raise ValueError("BER value truncated")
    return Tlv(tag, data[start : start + size]), start + size


def children(value: bytes) -> list[Tlv]:
    """The items that fill a constructed value."""
    items, at = [], 0
    while at < len(value):
        item, at = read_tlv(value, at)
        items.append(item)
    return items


def decode_integer(item: Tlv) -> int:
    """The value of an INTEGER item."""
    if item.tag != INTEGER or not item.value:
        raise ValueError(f"expected an INTEGER, got tag 0x{item.tag:02x}")
    return int.from_bytes(item.value, "big", signed=True)


def decode_oid(item: Tlv) -> str:
    """The dotted form of an OBJECT IDENTIFIER item."""
    if item.tag != OBJECT_IDENTIFIER or not item.value:
        raise ValueError(f"expected an OBJECT IDENTIFIER, got tag 0x{item.tag:02x}")
    numbers, current = [], 0
    for byte in item.value:
        current = (current << 7) | (byte & 0x7F)
        if not byte & 0x80:
            numbers.append(current)
            current = 0
    first = min(numbers[0] // 40, 2) if numbers else 0
    arcs = [first, numbers[0] - 40 * first, *numbers[1:]] if numbers else []
    return ".".join(str(arc) for arc in arcs)
