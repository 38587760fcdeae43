"""Node scans: a node covered by a scan."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Select, select

from aucote.storage.queries.columns import node_columns, read_node, read_scan, scan_columns
from aucote.storage.queries.filters import all_of, equal_to, time_window
from aucote.storage.queries.paging import Page, Window, by_offset, cut
from aucote.storage.queries.records import NodeRef, ScanRow, storable_id
from aucote.storage.queries.scans import recent_scans
from aucote.storage.tables import node_scans, nodes, scans


@dataclass(frozen=True, slots=True)
class NodeScanFilter:
    """Which node scans to list (window on the node scan's time); None means any."""

    scan_id: int | None = None
    node_id: int | None = None
    node_ip: str | None = None
    scanner: str | None = None
    since: float | None = None
    until: float | None = None


@dataclass(frozen=True, slots=True)
class NodeScanRow:
    """A node scan with its node and scan."""

    id: int
    node: NodeRef
    time: float
    scan: ScanRow


def list_node_scans(connection: Connection, where: NodeScanFilter, window: Window) -> Page[NodeScanRow]:
    """Node scans, newest first (time DESC, id DESC)."""
    conditions = equal_to(
        [
            (node_scans.c.scan_id, where.scan_id),
            (node_scans.c.node_id, where.node_id),
            (nodes.c.ip, where.node_ip),
            (scans.c.scanner, where.scanner),
        ]
    )
    conditions += time_window(node_scans.c.time, where.since, where.until)
    statement = _select().where(all_of(conditions))
    statement = by_offset(statement.order_by(node_scans.c.time.desc(), node_scans.c.id.desc()), window)
    return cut([_read(row) for row in connection.execute(statement)], window)


def get_node_scan(connection: Connection, node_scan_id: int) -> NodeScanRow | None:
    """One node scan, or None."""
    if not storable_id(node_scan_id):
        return None
    row = connection.execute(_select().where(node_scans.c.id == node_scan_id)).first()
    return None if row is None else _read(row)


def scans_of_node(connection: Connection, node_id: int) -> list[ScanRow]:
    """The last scans that covered the node."""
    return recent_scans(connection, select(node_scans.c.scan_id).where(node_scans.c.node_id == node_id))


def _select() -> Select[Any]:
    return select(node_scans.c.id, node_scans.c.time, *node_columns(), *scan_columns()).select_from(
        node_scans.join(scans, scans.c.id == node_scans.c.scan_id).join(
            nodes, nodes.c.id == node_scans.c.node_id
        )
    )


def _read(row: Row[Any]) -> NodeScanRow:
    return NodeScanRow(row.id, read_node(row), row.time, read_scan(row))
