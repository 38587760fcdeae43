"""The audit log, filtered and paged like every list (newest first)."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, select

from aucote.model.access import AuditAction, AuditEntry
from aucote.storage.queries.filters import all_of, equal_to, time_window
from aucote.storage.queries.paging import Page, Window, by_offset, cut
from aucote.storage.queries.records import storable_id
from aucote.storage.tables import audit_log


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditFilter:
    """Which entries to list (window on the entry's time: since <= time < until); None means any."""

    actor: str | None = None
    action: AuditAction | None = None
    target: str | None = None
    address: str | None = None
    since: float | None = None
    until: float | None = None


def list_audit(connection: Connection, where: AuditFilter, window: Window) -> Page[AuditEntry]:
    """Audit entries, newest first (time DESC, id DESC)."""
    conditions = equal_to(
        [
            (audit_log.c.actor, where.actor),
            (audit_log.c.action, None if where.action is None else where.action.value),
            (audit_log.c.target, where.target),
            (audit_log.c.address, where.address),
        ]
    )
    conditions += time_window(audit_log.c.time, where.since, where.until)
    statement = select(audit_log).where(all_of(conditions))
    statement = statement.order_by(audit_log.c.time.desc(), audit_log.c.id.desc())
    return cut([read_entry(row) for row in connection.execute(by_offset(statement, window))], window)


def get_audit_entry(connection: Connection, entry_id: int) -> AuditEntry | None:
    """One entry, or None."""
    if not storable_id(entry_id):
        return None
    row = connection.execute(select(audit_log).where(audit_log.c.id == entry_id)).first()
    return None if row is None else read_entry(row)


def read_entry(row: Row[Any]) -> AuditEntry:
    """An AuditEntry from a row of `audit_log`."""
    return AuditEntry(
        id=row.id,
        time=row.time,
        actor=row.actor,
        address=row.address,
        action=AuditAction(row.action),
        target=row.target,
        detail=row.detail,
    )
