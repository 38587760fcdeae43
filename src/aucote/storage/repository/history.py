"""Reads the scanner itself needs (not the API): previous scans, what they found, open findings."""

from sqlalchemy import Connection, and_, select

from aucote.model.status import ScanStatus
from aucote.storage.tables import port_scans, scans, security_scans, vulnerabilities

PortKey = tuple[int, int, int]
"""(node_id, protocol, port)"""
FindingKey = tuple[int, int, int, int, int]
"""(node_id, protocol, port, exploit_id, subid)"""
ServiceText = str


def previous_scan(connection: Connection, scanner: str, scan_id: int) -> int | None:
    """The newest finished scan of the same scanner started before `scan_id`."""
    start = select(scans.c.start).where(scans.c.id == scan_id).scalar_subquery()
    query = (
        select(scans.c.id)
        .where(scans.c.scanner == scanner, scans.c.id != scan_id, scans.c.start <= start)
        .where(scans.c.status == ScanStatus.DONE.value)
        .order_by(scans.c.start.desc(), scans.c.id.desc())
        .limit(1)
    )
    found = connection.execute(query).scalar()
    return int(found) if found is not None else None


def open_ports(connection: Connection, scan_id: int) -> dict[PortKey, tuple[int, ServiceText]]:
    """Open ports of a scan: key → (port scan id, a one-line description of the service)."""
    rows = connection.execute(select(port_scans).where(port_scans.c.scan_id == scan_id))
    return {
        (row.node_id, row.protocol, row.port): (
            row.id,
            _service_text(row.service_name, row.service_product, row.service_version),
        )
        for row in rows
    }


def findings(connection: Connection, scan_id: int) -> dict[FindingKey, tuple[int, str]]:
    """Findings of a scan: key → (vulnerability id, output)."""
    rows = connection.execute(select(vulnerabilities).where(vulnerabilities.c.scan_id == scan_id))
    return {
        (row.node_id, row.protocol, row.port, row.exploit_id, row.subid): (row.id, row.output) for row in rows
    }


def tested(connection: Connection, scan_id: int, status: str) -> set[tuple[int, int, int, int]]:
    """(node, protocol, port, exploit) tested in a scan with the given security-scan status."""
    rows = connection.execute(
        select(
            security_scans.c.node_id,
            security_scans.c.protocol,
            security_scans.c.port,
            security_scans.c.exploit_id,
        ).where(security_scans.c.scan_id == scan_id, security_scans.c.status == status)
    )
    return {(row[0], row[1], row[2], row[3]) for row in rows}


def open_findings_before(connection: Connection, scan_id: int, key: tuple[int, int, int, int]) -> list[int]:
    """Ids of findings of other scans on (node, protocol, port, exploit) not yet expired."""
    node_id, protocol, port, exploit_id = key
    query = select(vulnerabilities.c.id).where(
        and_(
            vulnerabilities.c.node_id == node_id,
            vulnerabilities.c.protocol == protocol,
            vulnerabilities.c.port == port,
            vulnerabilities.c.exploit_id == exploit_id,
            vulnerabilities.c.scan_id != scan_id,
            vulnerabilities.c.expiration_time.is_(None),
        )
    )
    return [int(row_id) for row_id in connection.execute(query).scalars()]


def _service_text(name: str | None, product: str | None, version: str | None) -> str:
    return " ".join(part for part in (name, product, version) if part)
