"""Port scans: a port found open in a scan, with the service detected there."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, select

from aucote.storage.queries.columns import node_columns, read_node, read_scan, scan_columns
from aucote.storage.queries.filters import all_of, equal_to, time_window
from aucote.storage.queries.paging import Page, Window, by_offset, cut
from aucote.storage.queries.records import NodeRef, ScanRow, storable_id
from aucote.storage.queries.scans import recent_scans
from aucote.storage.tables import nodes, port_scans, scans

SERVICE_FIELDS = ("name", "product", "version", "cpe", "banner")


@dataclass(frozen=True, slots=True)
class PortScanFilter:
    """Which port scans to list (window on the port scan's time); None means any."""

    scan_id: int | None = None
    node_id: int | None = None
    node_ip: str | None = None
    port: int | None = None
    protocol: int | None = None
    scanner: str | None = None
    since: float | None = None
    until: float | None = None


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """What service detection found on the port."""

    name: str | None
    product: str | None
    version: str | None
    cpe: str | None
    banner: str | None


@dataclass(frozen=True, slots=True)
class PortScanRow:
    """A port scan with its node, scan and service (None when nothing was detected)."""

    id: int
    node: NodeRef
    port: int
    protocol: int
    time: float
    service: ServiceRow | None
    scan: ScanRow


def list_port_scans(connection: Connection, where: PortScanFilter, window: Window) -> Page[PortScanRow]:
    """Port scans, newest first (time DESC, id DESC)."""
    table = port_scans
    statement = _select().where(all_of(conditions(where))).order_by(table.c.time.desc(), table.c.id.desc())
    return cut([_read(row) for row in connection.execute(by_offset(statement, window))], window)


def conditions(where: PortScanFilter) -> list[ColumnElement[bool]]:
    """The filter as conditions on port_scans joined to nodes and scans (the list's and the
    export's one reading of a filter)."""
    table = port_scans
    found = equal_to(
        [
            (table.c.scan_id, where.scan_id),
            (table.c.node_id, where.node_id),
            (nodes.c.ip, where.node_ip),
            (table.c.port, where.port),
            (table.c.protocol, where.protocol),
            (scans.c.scanner, where.scanner),
        ]
    )
    return found + time_window(table.c.time, where.since, where.until)


def get_port_scan(connection: Connection, port_scan_id: int) -> PortScanRow | None:
    """One port scan, or None."""
    if not storable_id(port_scan_id):
        return None
    row = connection.execute(_select().where(port_scans.c.id == port_scan_id)).first()
    return None if row is None else _read(row)


def scans_of_port(connection: Connection, row: PortScanRow) -> list[ScanRow]:
    """The last scans that found the same port open."""
    same = select(port_scans.c.scan_id).where(
        port_scans.c.node_id == row.node.id,
        port_scans.c.protocol == row.protocol,
        port_scans.c.port == row.port,
    )
    return recent_scans(connection, same)


def _select() -> Select[Any]:
    table = port_scans
    service = [table.c[f"service_{field}"] for field in SERVICE_FIELDS]
    columns = [table.c.id, table.c.port, table.c.protocol, table.c.time, *service]
    return select(*columns, *node_columns(), *scan_columns()).select_from(
        table.join(scans, scans.c.id == table.c.scan_id).join(nodes, nodes.c.id == table.c.node_id)
    )


def _read(row: Row[Any]) -> PortScanRow:
    found = [row._mapping[f"service_{field}"] for field in SERVICE_FIELDS]
    service = None if all(value is None for value in found) else ServiceRow(*found)
    return PortScanRow(row.id, read_node(row), row.port, row.protocol, row.time, service, read_scan(row))
