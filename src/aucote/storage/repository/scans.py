"""Scans: one run of a scanner, and the nodes it covered."""

from collections.abc import Iterable

from sqlalchemy import Connection, insert, update

from aucote.model.status import ScanStatus
from aucote.storage.tables import node_scans, scans


def start_scan(
    connection: Connection,
    scanner: str,
    protocol: int | None,
    start: float,
    *,
    scan_id: int | None = None,
    resumed_from: int | None = None,
) -> int:
    """Record that a scanner run began; the scan has no end until `end_scan`."""
    values: dict[str, object] = {
        "scanner": scanner,
        "protocol": protocol,
        "start": start,
        "end": None,
        "status": ScanStatus.IN_PROGRESS.value,
        "resumed_from": resumed_from,
    }
    if scan_id is not None:
        values["id"] = scan_id
    return int(connection.execute(insert(scans).values(values).returning(scans.c.id)).scalar_one())


def end_scan(
    connection: Connection, scan_id: int, end: float, status: ScanStatus, reason: str | None = None
) -> None:
    """Close a scan with its final status."""
    connection.execute(
        update(scans).where(scans.c.id == scan_id).values(end=end, status=status.value, reason=reason)
    )


def add_node_scans(connection: Connection, scan_id: int, node_ids: Iterable[int], time: float) -> None:
    """Record that the scan covers these nodes."""
    rows = [{"scan_id": scan_id, "node_id": node_id, "time": time} for node_id in node_ids]
    if rows:
        connection.execute(insert(node_scans), rows)


def end_node_scan(connection: Connection, scan_id: int, node_id: int, end: float) -> None:
    """Mark every task of the scan touching this node as finished (what resuming relies on)."""
    connection.execute(
        update(node_scans)
        .where(node_scans.c.scan_id == scan_id, node_scans.c.node_id == node_id)
        .values(end=end)
    )
