"""The audit log: rows are appended, never changed or removed (this module offers nothing else)."""

from sqlalchemy import Connection, insert

from aucote.model.access import AuditAction
from aucote.storage.tables import audit_log


def append_audit(
    connection: Connection,
    *,
    time: float,
    actor: str,
    address: str | None,
    action: AuditAction,
    target: str | None,
    detail: str | None,
) -> int:
    """Append one entry; return its id."""
    values = {
        "time": time,
        "actor": actor,
        "address": address,
        "action": action.value,
        "target": target,
        "detail": detail,
    }
    return int(connection.execute(insert(audit_log).values(values).returning(audit_log.c.id)).scalar_one())
