"""Fixtures of the access tests: a cheap Argon2 hasher (the real parameters are tested once in
test_passwords.py) and the audit rows of a database."""

import pytest
from argon2 import profiles
from sqlalchemy import Engine, select

from aucote.access.passwords import Passwords
from aucote.storage.tables import audit_log

PASSWORD = "correct horse battery staple"


@pytest.fixture
def passwords() -> Passwords:
    """Argon2id with the cheapest parameters: tests stay fast, the code paths are the real ones."""
    return Passwords(profiles.CHEAPEST)


def audit_rows(engine: Engine) -> list[tuple[object, ...]]:
    """(time, actor, address, action, target, detail) of every audit entry, in order."""
    columns = [audit_log.c[name] for name in ("time", "actor", "address", "action", "target", "detail")]
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).order_by(audit_log.c.id))]
