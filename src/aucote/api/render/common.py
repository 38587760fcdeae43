"""The embedded fragments: protocol names, node, port, exploit, scan."""

from aucote.api.links import Links
from aucote.api.schemas.common import ExploitRef, Node, Port, Scan
from aucote.api.times import human, maybe_human, maybe_number, number
from aucote.model.protocol import Protocol
from aucote.storage.queries.records import ExploitRef as StoredExploit
from aucote.storage.queries.records import NodeRef, ScanRow

PROTOCOL_NAMES = {protocol.value: protocol.name for protocol in Protocol}


def protocol_name(value: int) -> str:
    """6 → "TCP"; a number outside the known protocols is shown as the number."""
    return PROTOCOL_NAMES.get(value) or str(value)


def maybe_protocol_name(value: int | None) -> str | None:
    """`protocol_name`, or None (a tools scanner's scan has no protocol)."""
    return None if value is None else protocol_name(value)


def node(ref: NodeRef) -> Node:
    """A node."""
    return Node(id=ref.id, ip=ref.ip)


def port(ref: NodeRef, number: int, protocol: int) -> Port:
    """A port of a node."""
    return Port(port_number=number, protocol=protocol_name(protocol), node=node(ref))


def exploit_ref(ref: StoredExploit) -> ExploitRef:
    """The identifying part of an exploit."""
    return ExploitRef(id=ref.id, app=ref.app, name=ref.name)


def scan(row: ScanRow, links: Links) -> Scan:
    """A scan as embedded everywhere."""
    return Scan(
        id=row.id,
        url=links.item("scan", row.id),
        start=number(row.start),
        start_human=human(row.start),
        end=maybe_number(row.end),
        end_human=maybe_human(row.end),
        protocol=maybe_protocol_name(row.protocol),
        scanner=row.scanner,
        scanner_url=links.item("scanner", row.scanner),
    )


def scans(rows: list[ScanRow], links: Links) -> list[Scan]:
    """Scans as embedded everywhere."""
    return [scan(row, links) for row in rows]
