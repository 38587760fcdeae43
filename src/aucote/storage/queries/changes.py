"""Changes: differences found between a scan and the previous scan of the same scanner."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Select, select

from aucote.storage.queries.columns import (
    exploit_columns,
    node_columns,
    read_exploit,
    read_node,
    read_scan,
    scan_columns,
)
from aucote.storage.queries.filters import all_of, equal_to, time_window
from aucote.storage.queries.paging import Page, Window, by_offset, cut
from aucote.storage.queries.records import ExploitRef, NodeRef, ScanRow, storable_id
from aucote.storage.tables import changes, exploits, nodes, scans


@dataclass(frozen=True, slots=True)
class ChangeFilter:
    """Which changes to list (window on the change's time); None means any."""

    scan_id: int | None = None
    node_id: int | None = None
    node_ip: str | None = None
    port: int | None = None
    protocol: int | None = None
    kind: str | None = None
    since: float | None = None
    until: float | None = None
    scan_ids: tuple[int, ...] | None = None
    """Changes of any of these scans (the dashboard's feed of the newest scans)."""


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """A change with its scan, node and (for a finding) exploit."""

    id: int
    kind: str
    time: float
    scan: ScanRow
    previous_scan_id: int | None
    node: NodeRef
    port: int | None
    protocol: int | None
    exploit: ExploitRef | None
    previous_value: str | None
    current_value: str | None


def list_changes(connection: Connection, where: ChangeFilter, window: Window) -> Page[ChangeRow]:
    """Changes, newest first (time DESC, id DESC)."""
    conditions = equal_to(
        [
            (changes.c.scan_id, where.scan_id),
            (changes.c.node_id, where.node_id),
            (nodes.c.ip, where.node_ip),
            (changes.c.port, where.port),
            (changes.c.protocol, where.protocol),
            (changes.c.kind, where.kind),
        ]
    )
    conditions += time_window(changes.c.time, where.since, where.until)
    if where.scan_ids is not None:
        conditions.append(changes.c.scan_id.in_(where.scan_ids))
    statement = _select().where(all_of(conditions)).order_by(changes.c.time.desc(), changes.c.id.desc())
    return cut([_read(row) for row in connection.execute(by_offset(statement, window))], window)


def newest_of_scans(connection: Connection, scan_ids: Sequence[int], limit: int) -> Page[ChangeRow]:
    """The newest `limit` changes of the scans, newest first (as `list_changes` with `scan_ids`):
    each scan's read in its own time order (an index per scan), then merged, so a scan with many
    changes is not sorted whole."""
    window = Window(limit, 0)
    found: list[ChangeRow] = []
    for scan_id in scan_ids:
        statement = _select().where(changes.c.scan_id == scan_id)
        statement = statement.order_by(changes.c.time.desc(), changes.c.id.desc())
        found += [_read(row) for row in connection.execute(by_offset(statement, window))]
    return cut(sorted(found, key=lambda change: (change.time, change.id), reverse=True), window)


def get_change(connection: Connection, change_id: int) -> ChangeRow | None:
    """One change, or None."""
    if not storable_id(change_id):
        return None
    row = connection.execute(_select().where(changes.c.id == change_id)).first()
    return None if row is None else _read(row)


def _select() -> Select[Any]:
    table = changes
    columns = [table.c.id, table.c.kind, table.c.time, table.c.previous_scan_id, table.c.port]
    columns += [table.c.protocol, table.c.previous_value, table.c.current_value]
    return select(*columns, *node_columns(), *scan_columns(), *exploit_columns()).select_from(
        table.join(scans, scans.c.id == table.c.scan_id)
        .join(nodes, nodes.c.id == table.c.node_id)
        .outerjoin(exploits, exploits.c.id == table.c.exploit_id)
    )


def _read(row: Row[Any]) -> ChangeRow:
    exploit = None if row.exploit_id is None else read_exploit(row)
    return ChangeRow(
        row.id,
        row.kind,
        row.time,
        read_scan(row),
        row.previous_scan_id,
        read_node(row),
        row.port,
        row.protocol,
        exploit,
        row.previous_value,
        row.current_value,
    )
