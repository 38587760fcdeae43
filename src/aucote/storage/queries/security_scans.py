"""Security scans: one exploit run against one port in one scan, read with its scan, node and
exploit in the same statement, and its outcome (status, reason code, detail)."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, select

from aucote.storage.queries.columns import (
    exploit_columns,
    node_columns,
    read_exploit,
    read_node,
    read_scan,
    scan_columns,
)
from aucote.storage.queries.filters import equal_to
from aucote.storage.queries.paging import Page, Window, by_offset, by_seq, cut
from aucote.storage.queries.records import ExploitRef, NodeRef, ScanRow, storable_id
from aucote.storage.queries.scans import recent_scans
from aucote.storage.queries.targets import TargetFilter, target_conditions
from aucote.storage.tables import exploits, nodes, scans, security_scans


@dataclass(frozen=True, slots=True)
class SecurityScanFilter:
    """Which security scans to list: a target (window on the check's start) plus its outcome:
    a status (a CheckStatus value) and a reason (a CheckReason code); None means any."""

    target: TargetFilter = field(default_factory=TargetFilter)
    status: str | None = None
    reason: str | None = None

    def is_empty(self) -> bool:
        """Whether nothing is filtered."""
        return self.target.is_empty() and self.status is None and self.reason is None


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScanRow:
    """A security scan with its port, scan and exploit, and its outcome: status (a CheckStatus
    value), reason (a CheckReason code or None) and free detail text."""

    id: int
    node: NodeRef
    port: int
    protocol: int
    scan: ScanRow
    start: float | None
    end: float | None
    exploit: ExploitRef
    status: str
    reason: str | None
    detail: str | None


def list_security_scans(
    connection: Connection, where: SecurityScanFilter, window: Window
) -> Page[SecurityScanRow]:
    """Security scans in insertion (seq) order. Unfiltered, page p is the index range
    seq > p*limit; filtered, it is ORDER BY seq LIMIT/OFFSET over the matching rows."""
    statement = _select()
    if where.is_empty():
        statement = by_seq(statement, security_scans.c.seq, window, security_scans.name)
    else:
        statement = by_offset(statement.where(*_conditions(where)).order_by(security_scans.c.seq), window)
    return cut([_read(row) for row in connection.execute(statement)], window)


def get_security_scan(connection: Connection, security_scan_id: int) -> SecurityScanRow | None:
    """One security scan, or None."""
    if not storable_id(security_scan_id):
        return None
    row = connection.execute(_select().where(security_scans.c.id == security_scan_id)).first()
    return None if row is None else _read(row)


def scans_of_check(connection: Connection, row: SecurityScanRow) -> list[ScanRow]:
    """The last scans (any scanner) in which the same exploit ran against the same port."""
    same = select(security_scans.c.scan_id).where(
        security_scans.c.node_id == row.node.id,
        security_scans.c.protocol == row.protocol,
        security_scans.c.port == row.port,
        security_scans.c.exploit_id == row.exploit.id,
    )
    return recent_scans(connection, same)


def _conditions(where: SecurityScanFilter) -> list[ColumnElement[bool]]:
    table = security_scans
    conditions = target_conditions(where.target, table, table.c.start)
    return conditions + equal_to([(table.c.status, where.status), (table.c.reason, where.reason)])


def _select() -> Select[Any]:
    table = security_scans
    return select(
        table.c.id,
        table.c.port,
        table.c.protocol,
        table.c.start,
        table.c.end,
        table.c.status,
        table.c.reason,
        table.c.detail,
        *node_columns(),
        *scan_columns(),
        *exploit_columns(),
    ).select_from(
        table.join(scans, scans.c.id == table.c.scan_id)
        .join(nodes, nodes.c.id == table.c.node_id)
        .join(exploits, exploits.c.id == table.c.exploit_id)
    )


def _read(row: Row[Any]) -> SecurityScanRow:
    return SecurityScanRow(
        id=row.id,
        node=read_node(row),
        port=row.port,
        protocol=row.protocol,
        scan=read_scan(row),
        start=row.start,
        end=row.end,
        exploit=read_exploit(row),
        status=row.status,
        reason=row.reason,
        detail=row.detail,
    )
