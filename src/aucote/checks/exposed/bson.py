"""The little of BSON (bsonspec.org) the MongoDB probe needs: encode flat command documents, decode
any reply document. Decoding hostile bytes raises ValueError only."""

import struct
from collections.abc import Mapping
from typing import Final

Value = float | str | bool | int | None | bytes | dict[str, "Value"] | list["Value"]
"""Decoded values; binary, ObjectId, timestamps and decimals come back as their raw bytes."""

MAX_DEPTH: Final = 32
_FIXED: Final = {0x05: -1, 0x07: 12, 0x09: 8, 0x11: 8, 0x13: 16}
"""Element types kept as raw bytes, with their size (-1: a binary, size in its first 4 bytes)."""


def encode(document: Mapping[str, str | int | float | bool]) -> bytes:
    """A document of strings, integers (int32 or int64), doubles and booleans."""
    body = b"".join(_element(key, value) for key, value in document.items())
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


def _element(key: str, value: str | int | float | bool) -> bytes:
    name = _cstring(key)
    if isinstance(value, bool):
        return b"\x08" + name + (b"\x01" if value else b"\x00")
    if isinstance(value, int):
        small = -(2**31) <= value < 2**31
        return (
            (b"\x10" + name + struct.pack("<i", value))
            if small
            else (b"\x12" + name + struct.pack("<q", value))
        )
    if isinstance(value, float):
        return b"\x01" + name + struct.pack("<d", value)
    data = value.encode() + b"\x00"
    return b"\x02" + name + struct.pack("<i", len(data)) + data


def _cstring(text: str) -> bytes:
    data = text.encode()
    if b"\x00" in data:
        raise ValueError("a BSON key cannot hold a NUL byte")
    return data + b"\x00"


def decode(data: bytes) -> dict[str, Value]:
    """The document that fills `data` exactly."""
    document, end = decode_at(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the BSON document")
    return document


def decode_at(
    data: bytes, offset: int, depth: int = 0, limit: int | None = None
) -> tuple[dict[str, Value], int]:
    """The document starting at `offset` (and ending by `limit`), and the offset just after it."""
    if depth > MAX_DEPTH:
        raise ValueError("BSON nested too deeply")
    size = _int32(data, offset)
    end = offset + size
    if size < 5 or end > (len(data) if limit is None else limit) or data[end - 1] != 0:
        raise ValueError(f"bad BSON document size {size} at {offset}")
    document: dict[str, Value] = {}
    position = offset + 4
    while position < end - 1:
        kind = data[position]
        key, position = _read_cstring(data, position + 1, end)
        document[key], position = _value(data, kind, position, end, depth)
    if position != end - 1:
        raise ValueError("BSON element runs past its document")
    return document, end


def _value(data: bytes, kind: int, at: int, end: int, depth: int) -> tuple[Value, int]:
    if kind in (0x03, 0x04):
        inner, after = decode_at(data, at, depth + 1, end)
        return (inner if kind == 0x03 else list(inner.values())), after
    if kind == 0x02:
        size = _int32(data, at)
        if size < 1 or at + 4 + size > end:
            raise ValueError(f"bad BSON string size {size}")
        return data[at + 4 : at + 3 + size].decode("utf-8", "replace"), at + 4 + size
    return _scalar(data, kind, at, end)


def _scalar(data: bytes, kind: int, at: int, end: int) -> tuple[Value, int]:
    formats = {0x01: "<d", 0x08: "<?", 0x10: "<i", 0x12: "<q"}
    if kind in formats:
        size = struct.calcsize(formats[kind])
        _need(at + size, end)
        value: Value = struct.unpack_from(formats[kind], data, at)[0]
        return value, at + size
    if kind in (0x0A, 0x06, 0xFF, 0x7F):
        return None, at
    if kind not in _FIXED:
        raise ValueError(f"BSON element type 0x{kind:02x} not supported")
    size = _FIXED[kind] if _FIXED[kind] >= 0 else _int32(data, at) + 5
    if size < 5 and _FIXED[kind] < 0:
        raise ValueError(f"bad BSON binary size {size - 5}")
    _need(at + size, end)
    return data[at : at + size], at + size


def _read_cstring(data: bytes, at: int, end: int) -> tuple[str, int]:
    stop = data.find(b"\x00", at, end)
    if stop < 0:
        raise ValueError("unterminated BSON key")
    return data[at:stop].decode("utf-8", "replace"), stop + 1


def _int32(data: bytes, at: int) -> int:
    _need(at + 4, len(data))
    value: int = struct.unpack_from("<i", data, at)[0]
    return value


def _need(stop: int, end: int) -> None:
    if stop > end:
        raise ValueError("BSON value runs past its document")
