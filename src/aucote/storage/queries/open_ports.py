"""Open ports as a hosts export reads them: every (node, protocol, port) of the port scans matching
the API port list's filter (port_scans.conditions), once: first and last time one of them saw it
open, how many did, the newest of them (its scan) and the newest service detected there.

One query, streamed: the matching port scans ordered by port and newest first, grouped as they go
by (a port's rows are consecutive), so memory holds one port's group and one batch of records."""

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, select

from aucote.storage.queries.finding_rows import PortRef
from aucote.storage.queries.port_scans import SERVICE_FIELDS, PortScanFilter, ServiceRow, conditions
from aucote.storage.tables import nodes, port_scans, scans


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


def stream_open_ports(
    connection: Connection, where: PortScanFilter, batch: int
) -> Iterator[list[HostRecord]]:
    """The open ports matching `where` by node id, protocol and port, `batch` records at a time,
    read as they are asked for (the rows come `batch` at a time from the database's cursor)."""
    result = connection.execution_options(yield_per=batch).execute(_select(where))
    groups = groupby(result, key=lambda row: (row[0], row[1], row[2]))
    records: list[HostRecord] = []
    for _key, rows in groups:
        records.append(_record(rows))
        if len(records) == batch:
            yield records
            records = []
    if records:
        yield records


def _select(where: PortScanFilter) -> Select[Any]:
    """The matching port scans by node, protocol, port, newest first (columns as `_record` reads)."""
    table = port_scans
    key = [table.c.node_id, table.c.protocol, table.c.port]
    service = [table.c[f"service_{field}"] for field in SERVICE_FIELDS]
    return (
        select(*key, table.c.time, table.c.scan_id, nodes.c.ip, scans.c.scanner, *service)
        .select_from(
            table.join(scans, scans.c.id == table.c.scan_id).join(nodes, nodes.c.id == table.c.node_id)
        )
        .where(*conditions(where))
        .order_by(*key, table.c.time.desc(), table.c.id.desc())
    )


def _record(rows: Iterable[Any]) -> HostRecord:
    """One port's port scans (newest first) as its record."""
    newest: Any = None
    service: ServiceRow | None = None
    first = last = 0.0
    seen = 0
    for row in rows:
        if newest is None:
            newest, last = row, row[3]
        service = service or _service(row[7:])
        first, seen = row[3], seen + 1
    node_id, protocol, port, _time, scan_id, ip, scanner = newest[:7]
    return HostRecord(PortRef(node_id, ip, port, protocol), service, first, last, seen, scan_id, scanner)


def _service(found: Any) -> ServiceRow | None:
    return None if all(value is None for value in found) else ServiceRow(*found)
