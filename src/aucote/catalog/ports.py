"""Port specifications of the catalogue: `TCP:80,443,8000-8010,UDP:53` <-> a set of (protocol, port)."""

import re
from collections.abc import Iterable, Sequence

from aucote.model.protocol import Protocol

PortSet = frozenset[tuple[Protocol, int]]

_RANGE = re.compile(r"(?P<low>[0-9]{1,5})(?:-(?P<high>[0-9]{1,5}))?")


def parse_ports(spec: str | Sequence[str]) -> PortSet:
    """Read a port spec: comma-separated items (or a list of them), each `PROTO:` followed by a port or
    an `a-b` range; an item without `PROTO:` keeps the previous protocol. Raises ValueError."""
    items = [spec] if isinstance(spec, str) else list(spec)
    tokens = [token.strip() for item in items for token in item.split(",") if token.strip()]
    ports: set[tuple[Protocol, int]] = set()
    protocol: Protocol | None = None
    for token in tokens:
        protocol, numbers = _parse_token(token, protocol)
        ports.update((protocol, number) for number in numbers)
    return frozenset(ports)


def _parse_token(token: str, protocol: Protocol | None) -> tuple[Protocol, range]:
    name, _, numbers = token.rpartition(":")
    shown = token if name or protocol is None else f"{protocol.name}:{token}"
    if name:
        try:
            protocol = Protocol.parse(name)
        except ValueError:
            raise ValueError(f"bad port spec {shown!r} (unknown protocol {name!r})") from None
    if protocol is None:
        raise ValueError(f"bad port spec {shown!r} (no protocol: write e.g. 'TCP:{token}')")
    return protocol, _parse_range(numbers, shown)


def _parse_range(text: str, shown: str) -> range:
    match = _RANGE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"bad port spec {shown!r} (expected a port or a range a-b)")
    low = int(match["low"])
    high = int(match["high"] or low)
    if not 1 <= low <= 65535 or not 1 <= high <= 65535:
        raise ValueError(f"bad port spec {shown!r} (port out of range 1-65535)")
    if high < low:
        raise ValueError(f"bad port spec {shown!r} (range end before its start)")
    return range(low, high + 1)


def format_ports(ports: Iterable[tuple[Protocol, int]]) -> str:
    """The shortest spec for a set of ports, protocols in TCP, UDP, SCTP order: `TCP:80,443,8000-8010`."""
    by_protocol: dict[Protocol, list[int]] = {}
    for protocol, number in ports:
        by_protocol.setdefault(protocol, []).append(number)
    parts = [
        f"{protocol.name}:{_ranges(sorted(set(by_protocol[protocol])))}"
        for protocol in sorted(by_protocol, key=lambda p: list(Protocol).index(p))
    ]
    return ",".join(parts)


def _ranges(numbers: list[int]) -> str:
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ",".join(str(low) if low == high else f"{low}-{high}" for low, high in runs)
