"""Security scans: one exploit against one port in one scan, with its own start, end and status."""

from collections.abc import Sequence

from sqlalchemy import Connection, update

from aucote.model.status import CheckReason, CheckStatus, status_for
from aucote.storage.repository.bulk import insert_rows
from aucote.storage.repository.records import NewSecurityScan
from aucote.storage.repository.sequence import allocate, ids_by_seq
from aucote.storage.tables import security_scans

COUNTER = "security_scans"


def add_security_scans(connection: Connection, rows: Sequence[NewSecurityScan]) -> list[int]:
    """Insert security scans in one statement; return their ids in the order given."""
    if not rows:
        return []
    first = allocate(connection, COUNTER, len(rows))
    insert_rows(connection, security_scans, [_values(row, first + index) for index, row in enumerate(rows)])
    return ids_by_seq(connection, security_scans, first, len(rows))


def set_outcome(
    connection: Connection,
    ids: Sequence[int],
    status: CheckStatus,
    *,
    start: float | None = None,
    end: float | None = None,
    reason: CheckReason | None = None,
    detail: str | None = None,
) -> None:
    """Record the state of security scans (start/end are left alone when not given)."""
    values: dict[str, object] = {
        "status": status.value,
        "reason": None if reason is None else reason.value,
        "detail": detail,
    }
    if start is not None:
        values["start"] = start
    if end is not None:
        values["end"] = end
    connection.execute(update(security_scans).where(security_scans.c.id.in_(list(ids))).values(values))


def _values(row: NewSecurityScan, seq: int) -> dict[str, object]:
    values: dict[str, object] = {
        "seq": seq,
        "scan_id": row.scan_id,
        "exploit_id": row.exploit_id,
        "node_id": row.node_id,
        "port": row.port,
        "protocol": row.protocol,
        "start": row.start,
        "end": row.end,
        "status": row.status.value,
        "reason": None if row.reason is None else row.reason.value,
        "detail": row.detail,
    }
    if row.id is not None:
        values["id"] = row.id
    return values


def cancel_unfinished(connection: Connection, scan_id: int, now: float) -> None:
    """Security scans of the scan still QUEUED or RUNNING end as CANCELLED now."""
    unfinished = [CheckStatus.QUEUED.value, CheckStatus.RUNNING.value]
    base = update(security_scans).where(
        security_scans.c.scan_id == scan_id, security_scans.c.status.in_(unfinished)
    )
    connection.execute(base.where(security_scans.c.start.is_(None)).values(start=now))
    connection.execute(
        update(security_scans)
        .where(security_scans.c.scan_id == scan_id, security_scans.c.status.in_(unfinished))
        .values(
            status=CheckStatus.CANCELLED.value,
            end=now,
            reason=CheckReason.CANCELLED.value,
            detail="the scan ended before this check ran",
        )
    )


def fail_unfinished(
    connection: Connection, ids: Sequence[int], reason: CheckReason, detail: str, now: float
) -> None:
    """Security scans among `ids` still QUEUED or RUNNING end with `reason`'s status now (their
    job failed for good or was cancelled)."""
    unfinished = [CheckStatus.QUEUED.value, CheckStatus.RUNNING.value]
    chosen = security_scans.c.id.in_(list(ids)) & security_scans.c.status.in_(unfinished)
    connection.execute(
        update(security_scans).where(chosen, security_scans.c.start.is_(None)).values(start=now)
    )
    connection.execute(
        update(security_scans)
        .where(chosen)
        .values(status=status_for(reason).value, end=now, reason=reason.value, detail=detail)
    )
