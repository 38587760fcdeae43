"""The audit log's storage offers appending only."""

from sqlalchemy import Engine, select

from aucote.model.access import AuditAction
from aucote.storage.repository import audit
from aucote.storage.tables import audit_log


def test_append_returns_increasing_ids_and_stores_every_field(engine: Engine) -> None:
    with engine.begin() as connection:
        first = audit.append_audit(
            connection,
            time=10.5,
            actor="cli:root",
            address=None,
            action=AuditAction.USER_ADDED,
            target="alice",
            detail="role admin",
        )
        second = audit.append_audit(
            connection,
            time=11.0,
            actor="alice",
            address="2001:db8::1",
            action=AuditAction.LOGIN,
            target="alice",
            detail=None,
        )
        rows = connection.execute(select(audit_log).order_by(audit_log.c.id)).all()
    assert second > first
    assert [tuple(row) for row in rows] == [
        (first, 10.5, "cli:root", None, "user_added", "alice", "role admin"),
        (second, 11.0, "alice", "2001:db8::1", "login", "alice", None),
    ]


def test_the_module_offers_no_way_to_change_or_remove_entries() -> None:
    public = {name for name in vars(audit) if not name.startswith("_") and callable(getattr(audit, name))}
    assert public - {"Connection", "AuditAction", "insert"} == {"append_audit"}
