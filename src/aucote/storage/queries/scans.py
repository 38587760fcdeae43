"""Scans: the list (newest first), one scan with its counts, and "the last scans that …" lists."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, ScalarSelect, Select, func, select

from aucote.storage.queries.columns import read_scan, scan_columns
from aucote.storage.queries.filters import all_of, equal_to, time_window
from aucote.storage.queries.paging import Page, Window, by_offset, cut
from aucote.storage.queries.records import ScanRow, storable_id
from aucote.storage.tables import node_scans, port_scans, scans, security_scans, vulnerabilities

RECENT = 30


@dataclass(frozen=True, slots=True)
class ScanFilter:
    """Which scans to list; None means any."""

    scanner: str | None = None
    status: str | None = None
    since: float | None = None
    until: float | None = None


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """A scan with how many rows of each kind it recorded."""

    scan: ScanRow
    nodes: int
    ports: int
    security_scans: int
    vulnerabilities: int


def list_scans(connection: Connection, where: ScanFilter, window: Window) -> Page[ScanRow]:
    """Scans newest first (start DESC, id DESC)."""
    conditions = equal_to([(scans.c.scanner, where.scanner), (scans.c.status, where.status)])
    conditions += time_window(scans.c.start, where.since, where.until)
    statement = select(*scan_columns()).where(all_of(conditions))
    statement = by_offset(statement.order_by(scans.c.start.desc(), scans.c.id.desc()), window)
    return cut([read_scan(row) for row in connection.execute(statement)], window)


def get_scan(connection: Connection, scan_id: int) -> ScanSummary | None:
    """One scan and its counts (one statement), or None."""
    if not storable_id(scan_id):
        return None
    counts = [
        _count(table.c.scan_id, scan_id).label(table.name)
        for table in (node_scans, port_scans, security_scans, vulnerabilities)
    ]
    row = connection.execute(select(*scan_columns(), *counts).where(scans.c.id == scan_id)).first()
    if row is None:
        return None
    return ScanSummary(
        read_scan(row), row.node_scans, row.port_scans, row.security_scans, row.vulnerabilities
    )


def recent_scans(connection: Connection, scan_ids: Select[Any]) -> list[ScanRow]:
    """The newest `RECENT` scans whose id is selected by `scan_ids`, newest first."""
    statement = (
        select(*scan_columns())
        .where(scans.c.id.in_(scan_ids))
        .order_by(scans.c.start.desc(), scans.c.id.desc())
        .limit(RECENT)
    )
    return [read_scan(row) for row in connection.execute(statement)]


def _count(column: ColumnElement[int], scan_id: int) -> ScalarSelect[int]:
    return select(func.count()).where(column == scan_id).scalar_subquery()
