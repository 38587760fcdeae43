"""Recording an audit entry: in the caller's transaction, so it stands or falls with the change."""

import pytest
from sqlalchemy import Engine

from aucote.access.audit import Actor, record
from aucote.model.access import AuditAction
from tests.access.conftest import audit_rows


def test_record_appends_the_actor_and_its_address(engine: Engine) -> None:
    with engine.begin() as connection:
        record(connection, Actor(name="alice", address="::1"), AuditAction.SCANNER_START, "tcp", now=5.0)
        record(connection, Actor(name="cli:root"), AuditAction.TRIAGE, "vuln 7", "accepted", now=6.0)
    assert audit_rows(engine) == [
        (5.0, "alice", "::1", "scanner_start", "tcp", None),
        (6.0, "cli:root", None, "triage", "vuln 7", "accepted"),
    ]


def test_a_rolled_back_change_leaves_no_entry(engine: Engine) -> None:
    with pytest.raises(RuntimeError), engine.begin() as connection:
        record(connection, Actor(name="alice"), AuditAction.SERVICE_KILL, None, now=5.0)
        raise RuntimeError("the change failed")
    assert audit_rows(engine) == []
