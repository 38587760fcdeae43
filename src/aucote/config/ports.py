"""Port lists in nmap's syntax: `0-65535`, `22,80,443`, `T:80,U:53`, `-1024`, `60000-`."""

import re

PortRange = tuple[str | None, int, int]
"""(protocol letter T/U/S/P or None for "every protocol", first port, last port)."""

_PROTOCOLS = frozenset("TUSP")
_ITEM = re.compile(r"(?:(?P<proto>[A-Za-z]):)?(?P<ports>.*)")
_RANGE = re.compile(r"(?P<first>\d*)-(?P<last>\d*)")
_HIGHEST = 65535


def parse_port_spec(text: str) -> list[PortRange]:
    """Ranges of a port specification; raises ValueError for anything nmap's -p would not take."""
    ranges: list[PortRange] = []
    protocol: str | None = None
    for item in text.replace(" ", "").split(","):
        protocol, port_text = _split_protocol(item, protocol, text)
        first, last = _parse_range(port_text, text)
        ranges.append((protocol, first, last))
    return ranges


def _split_protocol(item: str, current: str | None, text: str) -> tuple[str | None, str]:
    match = _ITEM.fullmatch(item)
    assert match is not None  # the pattern matches any string
    if match["proto"] is None:
        return current, item
    letter = match["proto"].upper()
    if letter not in _PROTOCOLS:
        raise ValueError(
            f"unknown protocol prefix '{match['proto']}:' in port list {text!r} (use T:, U:, S:, P:)"
        )
    return letter, match["ports"]


def _parse_range(item: str, text: str) -> tuple[int, int]:
    if item.isdigit():
        return _checked(int(item), text), _checked(int(item), text)
    match = _RANGE.fullmatch(item)
    if match is None:
        raise ValueError(f"invalid port list {text!r}: {item!r} is not a port or a range like 1-1024")
    first = _checked(int(match["first"] or 1), text)
    last = _checked(int(match["last"] or _HIGHEST), text)
    if first > last:
        raise ValueError(f"invalid port list {text!r}: range {item!r} ends before it starts")
    return first, last


def _checked(port: int, text: str) -> int:
    if port > _HIGHEST:
        raise ValueError(f"invalid port list {text!r}: port {port} is above {_HIGHEST}")
    return port
