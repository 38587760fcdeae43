"""What storage knows about each scanner: its newest scan, when it last finished a run, and the
nodes of its newest scan (the service adds what only the configuration knows)."""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from aucote.storage.queries.columns import read_scan, scan_columns
from aucote.storage.queries.records import NodeRef, ScanRow
from aucote.storage.tables import node_scans, nodes, scans


@dataclass(frozen=True, slots=True)
class ScannerHistory:
    """A scanner's newest scan, the start of its newest finished scan, the newest scan's nodes."""

    name: str
    newest: ScanRow
    previous_start: float | None
    nodes: list[NodeRef]


def scanner_histories(connection: Connection, with_nodes: bool = True) -> list[ScannerHistory]:
    """One history per scanner name found in the scans, by name (without `with_nodes`, no nodes:
    the caller reads them with `scan_nodes` when it needs to)."""
    names = connection.execute(select(scans.c.scanner).distinct().order_by(scans.c.scanner)).scalars()
    return [_history(connection, str(name), with_nodes) for name in names]


def _history(connection: Connection, name: str, with_nodes: bool) -> ScannerHistory:
    newest_first = select(*scan_columns()).where(scans.c.scanner == name)
    newest_first = newest_first.order_by(scans.c.start.desc(), scans.c.id.desc()).limit(1)
    newest = read_scan(connection.execute(newest_first).one())
    finished = newest_first.where(scans.c.end.is_not(None))
    previous = connection.execute(finished).first()
    found = scan_nodes(connection, newest.id) if with_nodes else []
    return ScannerHistory(name, newest, None if previous is None else previous.scan_start, found)


def scan_nodes(connection: Connection, scan_id: int) -> list[NodeRef]:
    """The nodes a scan covered, by id."""
    statement = (
        select(nodes.c.id, nodes.c.ip)
        .join(node_scans, node_scans.c.node_id == nodes.c.id)
        .where(node_scans.c.scan_id == scan_id)
        .order_by(nodes.c.id)
    )
    return [NodeRef(node_id, ip) for node_id, ip in connection.execute(statement)]
