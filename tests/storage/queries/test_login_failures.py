"""Failed logins read from the audit log on both backends: newest first, by name or address, after a
time, refusals by the lock-out left out; the last login of a name."""

from sqlalchemy import Engine

from aucote.model.access import AuditAction, LoginRefusal
from aucote.storage.queries.login_failures import failure_times, last_login_time
from aucote.storage.repository.audit import append_audit

ROWS = [
    (10.0, AuditAction.LOGIN_FAILED, "alice", "192.0.2.1", LoginRefusal.WRONG_PASSWORD),
    (20.0, AuditAction.LOGIN_FAILED, "bob", "192.0.2.1", LoginRefusal.UNKNOWN_USER),
    (30.0, AuditAction.LOGIN, "alice", "192.0.2.2", None),
    (40.0, AuditAction.LOGIN_FAILED, "alice", "192.0.2.2", LoginRefusal.LOCKED_OUT),
    (50.0, AuditAction.LOGIN_FAILED, "alice", "192.0.2.2", LoginRefusal.DISABLED),
    (60.0, AuditAction.LOGOUT, "alice", "192.0.2.1", None),
    (70.0, AuditAction.LOGIN, "alice", "192.0.2.1", None),
]


def fill(engine: Engine) -> None:
    with engine.begin() as connection:
        for time, action, target, address, detail in ROWS:
            append_audit(
                connection,
                time=time,
                actor="anonymous",
                address=address,
                action=action,
                target=target,
                detail=None if detail is None else detail.value,
            )


def test_failures_by_name_or_address(engine: Engine) -> None:
    fill(engine)
    with engine.connect() as connection:
        assert failure_times(connection, since=0.0, limit=10, target="alice") == [50.0, 10.0]
        assert failure_times(connection, since=10.0, limit=10, target="alice") == [50.0]
        assert failure_times(connection, since=0.0, limit=1, target="alice") == [50.0]
        assert failure_times(connection, since=0.0, limit=10, address="192.0.2.1") == [20.0, 10.0]
        assert failure_times(connection, since=0.0, limit=10, target="bob", address="192.0.2.2") == []
        assert failure_times(connection, since=0.0, limit=10) == [50.0, 20.0, 10.0]


def test_the_last_login_of_a_name(engine: Engine) -> None:
    fill(engine)
    with engine.connect() as connection:
        assert last_login_time(connection, "alice", 0.0) == 70.0
        assert last_login_time(connection, "alice", 70.0) is None
        assert last_login_time(connection, "bob", 0.0) is None
