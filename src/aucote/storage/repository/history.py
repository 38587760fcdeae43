"""Reads the scanner itself needs (not the API): previous scans, what they found, open findings."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, and_, select

from aucote.model.status import CheckStatus, ScanStatus
from aucote.model.target import Service
from aucote.storage.tables import node_scans, nodes, port_scans, scans, security_scans, vulnerabilities

PortKey = tuple[int, int, int]
"""(node_id, protocol, port)"""
FindingKey = tuple[int, int, int, int, int]
"""(node_id, protocol, port, exploit_id, subid)"""
ServiceText = str


@dataclass(frozen=True, slots=True)
class StoredPort:
    """An open port as recorded, with the address of its node and its last detected service."""

    node_id: int
    ip: str
    port: int
    protocol: int
    service: Service


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


def recent_hosts(connection: Connection, scanner: str, since: float) -> frozenset[str]:
    """Addresses a scanner covered after `since` (a LIVE scanner leaves them alone)."""
    query = (
        select(nodes.c.ip)
        .join(node_scans, node_scans.c.node_id == nodes.c.id)
        .join(scans, scans.c.id == node_scans.c.scan_id)
        .where(scans.c.scanner == scanner, node_scans.c.time > since, node_scans.c.end.is_not(None))
    )
    return frozenset(str(ip) for ip in connection.execute(query).scalars())


def last_start(connection: Connection, scanner: str) -> float | None:
    """When the newest scan of `scanner` started."""
    query = select(scans.c.start).where(scans.c.scanner == scanner).order_by(scans.c.start.desc()).limit(1)
    found = connection.execute(query).scalar()
    return float(found) if found is not None else None


def ports_since(connection: Connection, scanners: Sequence[str], since: float | None) -> list[StoredPort]:
    """Open ports the port scanners recorded after `since` (all when None), newest service per port."""
    query = (
        select(port_scans, nodes.c.ip)
        .join(scans, scans.c.id == port_scans.c.scan_id)
        .join(nodes, nodes.c.id == port_scans.c.node_id)
        .where(scans.c.scanner.in_(list(scanners)))
        .order_by(port_scans.c.time, port_scans.c.id)
    )
    if since is not None:
        query = query.where(port_scans.c.time > since)
    latest: dict[PortKey, StoredPort] = {}
    for row in connection.execute(query):
        service = Service(
            row.service_name, row.service_product, row.service_version, row.service_cpe, row.service_banner
        )
        latest[(row.node_id, row.protocol, row.port)] = StoredPort(
            row.node_id, str(row.ip), row.port, row.protocol, service
        )
    return list(latest.values())


def unfinished_scans(connection: Connection) -> list[tuple[int, str]]:
    """(id, scanner) of scans still IN PROGRESS: the service stopped without ending them."""
    query = select(scans.c.id, scans.c.scanner).where(scans.c.status == ScanStatus.IN_PROGRESS.value)
    return [(int(row.id), str(row.scanner)) for row in connection.execute(query.order_by(scans.c.id))]


def unfinished_hosts(connection: Connection, scan_id: int) -> list[str]:
    """Addresses of a scan whose work never finished."""
    query = (
        select(nodes.c.ip)
        .join(node_scans, node_scans.c.node_id == nodes.c.id)
        .where(node_scans.c.scan_id == scan_id, node_scans.c.end.is_(None))
    )
    return [str(ip) for ip in connection.execute(query).scalars()]


def unchecked_ports(connection: Connection, scan_id: int) -> list[tuple[int, int, int]]:
    """(node, protocol, port) of a tools scan with checks that never ended."""
    open_statuses = [CheckStatus.QUEUED.value, CheckStatus.RUNNING.value]
    query = (
        select(security_scans.c.node_id, security_scans.c.protocol, security_scans.c.port)
        .where(security_scans.c.scan_id == scan_id, security_scans.c.status.in_(open_statuses))
        .distinct()
    )
    return [(int(r[0]), int(r[1]), int(r[2])) for r in connection.execute(query)]
