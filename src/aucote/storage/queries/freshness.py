"""The freshness grid of a host: for each port x check, its newest run (when it started and ended,
its status, reason and detail, its scan) and when it last ended DONE."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, func, select

from aucote.model.status import CheckStatus
from aucote.storage.tables import exploits, scans, security_scans


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckFreshness:
    """The newest run of one exploit on one port of a host, and the end of its newest DONE run."""

    security_scan_id: int
    port: int
    protocol: int
    exploit_id: int
    exploit_app: str
    exploit_name: str
    exploit_title: str
    scan_id: int
    scanner: str
    start: float | None
    end: float | None
    status: str
    reason: str | None
    detail: str | None
    last_done: float | None


def freshness(connection: Connection, node_id: int) -> list[CheckFreshness]:
    """The host's grid by protocol, port, app and exploit name."""
    table = security_scans
    key = (table.c.protocol, table.c.port, table.c.exploit_id)
    ended = func.coalesce(table.c.end, table.c.start)
    done_end = func.max(case((table.c.status == CheckStatus.DONE.value, ended)))
    ranked = select(
        table.c.id,
        *key,
        table.c.scan_id,
        table.c.start,
        table.c.end,
        table.c.status,
        table.c.reason,
        table.c.detail,
        done_end.over(partition_by=key).label("last_done"),
        func.row_number().over(partition_by=key, order_by=table.c.seq.desc()).label("rank"),
    ).where(table.c.node_id == node_id)
    newest = ranked.subquery()
    statement = (
        select(newest, exploits.c.app, exploits.c.name, exploits.c.title, scans.c.scanner)
        .join(exploits, exploits.c.id == newest.c.exploit_id)
        .join(scans, scans.c.id == newest.c.scan_id)
        .where(newest.c.rank == 1)
        .order_by(newest.c.protocol, newest.c.port, exploits.c.app, exploits.c.name)
    )
    return [_read(row) for row in connection.execute(statement)]


def _read(row: Any) -> CheckFreshness:
    return CheckFreshness(
        security_scan_id=row.id,
        port=row.port,
        protocol=row.protocol,
        exploit_id=row.exploit_id,
        exploit_app=row.app,
        exploit_name=row.name,
        exploit_title=row.title,
        scan_id=row.scan_id,
        scanner=row.scanner,
        start=row.start,
        end=row.end,
        status=row.status,
        reason=row.reason,
        detail=row.detail,
        last_done=row.last_done,
    )
