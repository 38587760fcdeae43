"""Recent failed logins, read from the audit log (the lock-out's counters: they survive a restart and
need no table of their own)."""

from sqlalchemy import Connection, func, select

from aucote.model.access import AuditAction, LoginRefusal
from aucote.storage.tables import audit_log


def failure_times(
    connection: Connection,
    *,
    since: float,
    limit: int,
    target: str | None = None,
    address: str | None = None,
) -> list[float]:
    """Times of the latest `limit` failed logins after `since` (newest first) for the name tried
    (`target`) or from the address, not counting attempts refused by the lock-out itself."""
    statement = select(audit_log.c.time).where(
        audit_log.c.action == AuditAction.LOGIN_FAILED.value,
        audit_log.c.time > since,
        audit_log.c.detail.is_distinct_from(LoginRefusal.LOCKED_OUT.value),
    )
    if target is not None:
        statement = statement.where(audit_log.c.target == target)
    if address is not None:
        statement = statement.where(audit_log.c.address == address)
    statement = statement.order_by(audit_log.c.time.desc(), audit_log.c.id.desc()).limit(limit)
    return [float(time) for time in connection.execute(statement).scalars()]


def last_login_time(connection: Connection, name: str, since: float) -> float | None:
    """When the user last logged in after `since`, or None."""
    statement = select(func.max(audit_log.c.time)).where(
        audit_log.c.action == AuditAction.LOGIN.value,
        audit_log.c.target == name,
        audit_log.c.time > since,
    )
    found = connection.execute(statement).scalar_one_or_none()
    return None if found is None else float(found)
