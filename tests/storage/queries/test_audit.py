"""Listing the audit log: newest first, filtered by actor, action, target, address and time, paged."""

import pytest
from sqlalchemy import Engine

from aucote.model.access import AuditAction
from aucote.storage.queries.audit import AuditFilter, get_audit_entry, list_audit
from aucote.storage.queries.paging import Window
from aucote.storage.repository.audit import append_audit

ROWS = [
    (100.0, "cli:root", None, AuditAction.USER_ADDED, "alice"),
    (200.0, "alice", "192.0.2.7", AuditAction.LOGIN, "alice"),
    (200.0, "alice", "192.0.2.7", AuditAction.TOKEN_CREATED, "alice"),
    (300.0, "bob", "192.0.2.8", AuditAction.LOGIN_FAILED, "bob"),
    (400.0, "alice", "192.0.2.7", AuditAction.LOGOUT, "alice"),
]


def _seed(engine: Engine) -> list[int]:
    with engine.begin() as connection:
        return [
            append_audit(
                connection, time=time, actor=actor, address=address, action=action, target=target, detail=None
            )
            for time, actor, address, action, target in ROWS
        ]


def _ids(engine: Engine, where: AuditFilter, window: Window = Window(50, 0)) -> tuple[list[int], bool]:
    with engine.connect() as connection:
        page = list_audit(connection, where, window)
    return [entry.id for entry in page.rows], page.has_next


@pytest.mark.parametrize(
    ("where", "positions"),
    [
        (AuditFilter(), [4, 3, 2, 1, 0]),
        (AuditFilter(actor="alice"), [4, 2, 1]),
        (AuditFilter(action=AuditAction.LOGIN), [1]),
        (AuditFilter(target="bob"), [3]),
        (AuditFilter(address="192.0.2.7"), [4, 2, 1]),
        (AuditFilter(since=200.0), [4, 3, 2, 1]),
        (AuditFilter(since=200.0, until=400.0), [3, 2, 1]),
        (AuditFilter(actor="alice", until=300.0), [2, 1]),
        (AuditFilter(actor="nobody"), []),
    ],
)
def test_filters(engine: Engine, where: AuditFilter, positions: list[int]) -> None:
    ids = _seed(engine)
    assert _ids(engine, where) == ([ids[position] for position in positions], False)


def test_pages_newest_first(engine: Engine) -> None:
    ids = _seed(engine)
    newest_first = [ids[4], ids[3], ids[2], ids[1], ids[0]]
    assert _ids(engine, AuditFilter(), Window(2, 0)) == (newest_first[:2], True)
    assert _ids(engine, AuditFilter(), Window(2, 1)) == (newest_first[2:4], True)
    assert _ids(engine, AuditFilter(), Window(2, 2)) == (newest_first[4:], False)


def test_one_entry(engine: Engine) -> None:
    ids = _seed(engine)
    with engine.connect() as connection:
        entry = get_audit_entry(connection, ids[3])
        assert get_audit_entry(connection, 2**40) is None
        assert get_audit_entry(connection, ids[-1] + 1) is None
    assert entry is not None
    assert (entry.actor, entry.address, entry.action, entry.target, entry.time) == (
        "bob",
        "192.0.2.8",
        AuditAction.LOGIN_FAILED,
        "bob",
        300.0,
    )
