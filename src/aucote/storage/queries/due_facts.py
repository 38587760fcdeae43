"""What the "next due" of a host's checks depends on, besides the scanners' schedules: when each
scanner last started a scan (a tools scanner's run checks the ports found since its previous
start), when each port of the host was last found open, and when each port scanner last covered
the host to the end (a LIVE port scanner leaves it alone for `min_time_gap` after that)."""

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from aucote.storage.tables import node_scans, port_scans, scans

PortKey = tuple[int, int]
"""(protocol, port)"""


@dataclass(frozen=True, slots=True, kw_only=True)
class DueFacts:
    """The stored times the schedule of one host's checks depends on."""

    last_starts: dict[str, float]
    """Per scanner, the start of its newest scan."""
    found: dict[PortKey, float]
    """Per port of the host, when a port scan last found it open."""
    covered: dict[str, float]
    """Per port scanner, when its newest finished node scan of the host began."""


def due_facts(connection: Connection, node_id: int) -> DueFacts:
    """The facts for the host `node_id`."""
    return DueFacts(
        last_starts=_last_starts(connection),
        found=_found(connection, node_id),
        covered=_covered(connection, node_id),
    )


def _last_starts(connection: Connection) -> dict[str, float]:
    statement = select(scans.c.scanner, func.max(scans.c.start)).group_by(scans.c.scanner)
    return {str(name): float(start) for name, start in connection.execute(statement)}


def _found(connection: Connection, node_id: int) -> dict[PortKey, float]:
    statement = (
        select(port_scans.c.protocol, port_scans.c.port, func.max(port_scans.c.time))
        .where(port_scans.c.node_id == node_id)
        .group_by(port_scans.c.protocol, port_scans.c.port)
    )
    return {(int(protocol), int(port)): float(time) for protocol, port, time in connection.execute(statement)}


def _covered(connection: Connection, node_id: int) -> dict[str, float]:
    statement = (
        select(scans.c.scanner, func.max(node_scans.c.time))
        .join(scans, scans.c.id == node_scans.c.scan_id)
        .where(node_scans.c.node_id == node_id, node_scans.c.end.is_not(None))
        .group_by(scans.c.scanner)
    )
    return {str(name): float(time) for name, time in connection.execute(statement)}
