"""Open ports as a hosts export reads them: every (node, protocol, port) of the port scans matching
the API port list's filter (port_scans.conditions), once: first and last time one of them saw it
open, how many did, the newest of them (its scan) and the newest service detected there. A page of
ports after a keyset position on (node, protocol, port) is two short queries."""

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Row, Select, func, select, tuple_

from aucote.storage.queries.finding_rows import PortRef
from aucote.storage.queries.port_scans import SERVICE_FIELDS, PortScanFilter, ServiceRow, conditions
from aucote.storage.tables import nodes, port_scans, scans

Key = tuple[int, int, int]
"""(node_id, protocol, port)"""
Newest = tuple[Row[Any], ServiceRow | None]
"""The newest port scan of a port, and the newest service detected on it."""


class HostRecord(NamedTuple):
    """An open port of a node, once: first and last time a matching port scan saw it open, how many
    did, the newest of them (its scan) and the newest service detected there (None: never)."""

    place: PortRef
    service: ServiceRow | None
    first_seen: float
    last_seen: float
    seen: int
    scan_id: int
    scanner: str

    @property
    def key(self) -> Key:
        """The keyset position of the port."""
        return (self.place.node_id, self.place.protocol, self.place.port)


def open_ports_after(
    connection: Connection, where: PortScanFilter, after: Key | None, limit: int
) -> list[HostRecord]:
    """Up to `limit` open ports after `after` (from the first when None), by node id, protocol
    and port."""
    seen = connection.execute(_ports(where, after, limit)).all()
    if not seen:
        return []
    newest = _newest(connection, where, seen)
    return [_record(row, newest[_key(row)]) for row in seen]


def _key(row: Row[Any]) -> Key:
    return (row.node_id, row.protocol, row.port)


def _key_columns() -> list[Any]:
    return [port_scans.c.node_id, port_scans.c.protocol, port_scans.c.port]


def _joined(statement: Select[Any]) -> Select[Any]:
    return statement.select_from(
        port_scans.join(scans, scans.c.id == port_scans.c.scan_id).join(
            nodes, nodes.c.id == port_scans.c.node_id
        )
    )


def _ports(where: PortScanFilter, last: Key | None, batch: int) -> Select[Any]:
    """The next `batch` ports after `last`, with when and how often they were seen."""
    key = _key_columns()
    seen = [func.min(port_scans.c.time).label("first"), func.max(port_scans.c.time).label("last")]
    statement = _joined(select(*key, *seen, func.count().label("seen"))).where(*conditions(where))
    if last is not None:
        statement = statement.where(tuple_(*key) > tuple_(*last))
    return statement.group_by(*key).order_by(*key).limit(batch)


def _newest(connection: Connection, where: PortScanFilter, ports: Sequence[Row[Any]]) -> dict[Key, Newest]:
    """The newest matching port scan of each port from the first to the last of `ports`, and the
    newest service detected there (a port scan may carry none: detection had not run yet)."""
    key = _key_columns()
    service = [port_scans.c[f"service_{field}"] for field in SERVICE_FIELDS]
    statement = _joined(select(*key, port_scans.c.scan_id, nodes.c.ip, scans.c.scanner, *service))
    statement = statement.where(
        *conditions(where), tuple_(*key) >= tuple_(*_key(ports[0])), tuple_(*key) <= tuple_(*_key(ports[-1]))
    )
    ordered = statement.order_by(*key, port_scans.c.time.desc(), port_scans.c.id.desc())
    newest: dict[Key, Newest] = {}
    for row in connection.execute(ordered):
        scan, detected = newest.get(_key(row), (row, None))
        newest[_key(row)] = (scan, detected or _service(row))
    return newest


def _service(row: Row[Any]) -> ServiceRow | None:
    found = [row._mapping[f"service_{field}"] for field in SERVICE_FIELDS]
    return None if all(value is None for value in found) else ServiceRow(*found)


def _record(port: Row[Any], newest: Newest) -> HostRecord:
    scan, service = newest
    return HostRecord(
        place=PortRef(node_id=port.node_id, ip=scan.ip, port=port.port, protocol=port.protocol),
        service=service,
        first_seen=port.first,
        last_seen=port.last,
        seen=port.seen,
        scan_id=scan.scan_id,
        scanner=scan.scanner,
    )
