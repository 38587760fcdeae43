"""A host as it stood when a scan ended, for comparing two scans of it: the scans that recorded
anything about the host, and, as of one of them (that scan and every scan started before it):

* its open ports, per protocol from the newest port scanner's scan of that protocol that covered
  the host (its node scans; a scan that covered the host and found nothing means every port of
  that protocol closed), with their services;
* its findings, per port and check from the newest run of the check that ended DONE (a run that
  failed says nothing about the port), informational output left out, and ports closed as of the
  scan left out with their findings."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select, union

from aucote.model.status import CheckStatus, RiskLevel
from aucote.storage.queries.columns import read_scan, scan_columns
from aucote.storage.queries.port_scans import ServiceRow
from aucote.storage.queries.records import ScanRow, storable_id
from aucote.storage.tables import exploits, node_scans, port_scans, scans, security_scans, vulnerabilities

SCANS = 200
"""At most this many scans of a host are offered for comparing (the newest)."""

PortKey = tuple[int, int]
"""(protocol, port)"""
FindingKey = tuple[int, int, int, int]
"""(protocol, port, exploit id, subid)"""


@dataclass(frozen=True, slots=True, kw_only=True)
class PortState:
    """An open port as of a scan: the port scan that found it and its service."""

    protocol: int
    port: int
    port_scan_id: int
    scan_id: int
    service: ServiceRow | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingState:
    """A finding present as of a scan: the vulnerability row and its check."""

    id: int
    protocol: int
    port: int
    exploit_id: int
    exploit_name: str
    exploit_title: str
    subid: int
    risk_level: str
    output: str
    scan_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class HostState:
    """The host as of `scan`: `covered` gives, per protocol, the port scanner's scan its ports come
    from (a protocol missing: no port scan of it covered the host yet)."""

    scan: ScanRow
    covered: dict[int, int]
    ports: dict[PortKey, PortState]
    findings: dict[FindingKey, FindingState]


def host_scans(connection: Connection, node_id: int) -> list[ScanRow]:
    """The scans that recorded the host (covered it, found a port or ran a check on it), newest first."""
    ids = union(
        select(node_scans.c.scan_id).where(node_scans.c.node_id == node_id),
        select(port_scans.c.scan_id).where(port_scans.c.node_id == node_id),
        select(security_scans.c.scan_id).where(security_scans.c.node_id == node_id),
    ).subquery()
    statement = (
        select(*scan_columns())
        .where(scans.c.id.in_(select(ids.c.scan_id)))
        .order_by(scans.c.start.desc(), scans.c.id.desc())
        .limit(SCANS)
    )
    return [read_scan(row) for row in connection.execute(statement)]


def scan_of_host(scans_of_host: list[ScanRow], scan_id: int) -> ScanRow | None:
    """The scan `scan_id` among the host's scans, or None."""
    if not storable_id(scan_id):
        return None
    return next((scan for scan in scans_of_host if scan.id == scan_id), None)


def previous_of(scans_of_host: Sequence[ScanRow], scan: ScanRow) -> ScanRow | None:
    """The newest scan of the same scanner before `scan` (`scans_of_host` newest first)."""
    index = list(scans_of_host).index(scan)
    return next((other for other in scans_of_host[index + 1 :] if other.scanner == scan.scanner), None)


def host_state(connection: Connection, node_id: int, scan: ScanRow) -> HostState:
    """The host as of `scan`."""
    covered = _covered(connection, node_id, scan)
    ports = _ports(connection, node_id, list(covered.values()))
    findings = _findings(connection, node_id, scan)
    present = {
        key: finding
        for key, finding in findings.items()
        if finding.protocol not in covered or (finding.protocol, finding.port) in ports
    }
    return HostState(scan=scan, covered=covered, ports=ports, findings=present)


def _up_to(scan: ScanRow) -> ColumnElement[bool]:
    """Scans started no later than `scan` (ties broken by id)."""
    return or_(scans.c.start < scan.start, and_(scans.c.start == scan.start, scans.c.id <= scan.id))


def _covered(connection: Connection, node_id: int, scan: ScanRow) -> dict[int, int]:
    ranked = (
        select(
            scans.c.protocol,
            scans.c.id,
            func.row_number()
            .over(partition_by=scans.c.protocol, order_by=(scans.c.start.desc(), scans.c.id.desc()))
            .label("rank"),
        )
        .join(node_scans, node_scans.c.scan_id == scans.c.id)
        .where(node_scans.c.node_id == node_id, scans.c.protocol.is_not(None), _up_to(scan))
        .subquery()
    )
    statement = select(ranked.c.protocol, ranked.c.id).where(ranked.c.rank == 1)
    return {int(protocol): int(scan_id) for protocol, scan_id in connection.execute(statement)}


def _ports(connection: Connection, node_id: int, scan_ids: list[int]) -> dict[PortKey, PortState]:
    if not scan_ids:
        return {}
    service = (
        port_scans.c.service_name,
        port_scans.c.service_product,
        port_scans.c.service_version,
        port_scans.c.service_cpe,
        port_scans.c.service_banner,
    )
    statement = select(
        port_scans.c.protocol, port_scans.c.port, port_scans.c.id, port_scans.c.scan_id, *service
    ).where(port_scans.c.node_id == node_id, port_scans.c.scan_id.in_(scan_ids))
    return {(row[0], row[1]): _port(row) for row in connection.execute(statement)}


def _port(row: Any) -> PortState:
    found = tuple(row[4:])
    service = None if all(value is None for value in found) else ServiceRow(*found)
    return PortState(protocol=row[0], port=row[1], port_scan_id=row[2], scan_id=row[3], service=service)


def _findings(connection: Connection, node_id: int, scan: ScanRow) -> dict[FindingKey, FindingState]:
    table = security_scans
    key = (table.c.protocol, table.c.port, table.c.exploit_id)
    ranked = (
        select(
            table.c.id,
            func.row_number()
            .over(partition_by=key, order_by=(scans.c.start.desc(), scans.c.id.desc()))
            .label("rank"),
        )
        .join(scans, scans.c.id == table.c.scan_id)
        .where(table.c.node_id == node_id, table.c.status == CheckStatus.DONE.value, _up_to(scan))
        .subquery()
    )
    newest = select(ranked.c.id).where(ranked.c.rank == 1)
    found = vulnerabilities
    statement = (
        select(found, exploits.c.name.label("exploit_name"), exploits.c.title.label("exploit_title"))
        .join(exploits, exploits.c.id == found.c.exploit_id)
        .where(found.c.security_scan_id.in_(newest), found.c.risk_level != RiskLevel.NONE.value)
    )
    return {
        (row.protocol, row.port, row.exploit_id, row.subid): _finding(row)
        for row in connection.execute(statement)
    }


def _finding(row: Any) -> FindingState:
    return FindingState(
        id=row.id,
        protocol=row.protocol,
        port=row.port,
        exploit_id=row.exploit_id,
        exploit_name=row.exploit_name,
        exploit_title=row.exploit_title,
        subid=row.subid,
        risk_level=row.risk_level,
        output=row.output,
        scan_id=row.scan_id,
    )
