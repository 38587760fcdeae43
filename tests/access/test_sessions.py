"""Browser sessions on both backends: a new secret at every login, idle and absolute timeouts,
logout that ends the row, touches written at most every 30 s, audited logins and logouts."""

import pytest
from sqlalchemy import Engine

from aucote.access import accounts
from aucote.access.audit import Actor
from aucote.access.passwords import Passwords
from aucote.access.sessions import (
    SessionTimeouts,
    logout,
    resolve_session,
    start_session,
    touch_session,
)
from aucote.access.tokens import digest
from aucote.model.access import Credential, Principal, Role, User
from aucote.storage.repository.sessions import session_owner
from tests.access.conftest import PASSWORD, audit_rows

TIMEOUTS = SessionTimeouts(idle=900.0, absolute=8 * 3600.0)
START = 10_000.0


@pytest.fixture
def alice(engine: Engine, passwords: Passwords) -> User:
    with engine.begin() as connection:
        return accounts.add_user(
            connection,
            Actor(name="cli:root"),
            name="alice",
            role=Role.VIEWER,
            password=PASSWORD,
            now=1.0,
            passwords=passwords,
        )


def _resolve(engine: Engine, secret: str, now: float) -> Principal | None:
    with engine.begin() as connection:
        active = resolve_session(connection, secret, now, TIMEOUTS)
        if active is None:
            return None
        touch_session(connection, active, now)
        return active.principal


def _login(engine: Engine, user: User, now: float = START) -> str:
    with engine.begin() as connection:
        return start_session(connection, user, "192.0.2.9", now).secret


def test_a_login_makes_a_new_session_each_time(engine: Engine, alice: User) -> None:
    with engine.begin() as connection:
        first = start_session(connection, alice, "192.0.2.9", START)
        second = start_session(connection, alice, "192.0.2.9", START)
    assert first.secret != second.secret
    assert first.session.id == digest(first.secret) != second.session.id
    assert first.session.csrf != second.session.csrf
    assert first.secret not in (first.session.id, first.session.csrf)
    assert _resolve(engine, first.secret, START + 1) == Principal(
        name="alice", role=Role.VIEWER, credential=Credential.SESSION, user_id=alice.id
    )
    assert audit_rows(engine)[1:] == [(START, "alice", "192.0.2.9", "login", "alice", None)] * 2


def test_a_secret_not_handed_out_at_login_resolves_to_nobody(engine: Engine, alice: User) -> None:
    secret = _login(engine, alice)
    assert _resolve(engine, "attacker-chosen-session-id", START + 1) is None
    assert _resolve(engine, digest(secret), START + 1) is None  # the stored id is not a cookie


def test_the_idle_timeout_runs_from_the_last_request(engine: Engine, alice: User) -> None:
    secret = _login(engine, alice)
    assert _resolve(engine, secret, START + 600) is not None
    assert _resolve(engine, secret, START + 600 + 900) is not None
    assert _resolve(engine, secret, START + 600 + 900 + 901) is None


def test_the_idle_timeout_ends_an_untouched_session(engine: Engine, alice: User) -> None:
    secret = _login(engine, alice)
    assert _resolve(engine, secret, START + 900) is not None
    secret = _login(engine, alice)
    assert _resolve(engine, secret, START + 901) is None


def test_the_absolute_timeout_ends_a_busy_session(engine: Engine, alice: User) -> None:
    secret = _login(engine, alice)
    now = START
    while now + 600 <= START + TIMEOUTS.absolute:
        now += 600
        assert _resolve(engine, secret, now) is not None
    assert _resolve(engine, secret, START + TIMEOUTS.absolute + 1) is None


def test_touches_are_written_at_most_every_30_seconds(engine: Engine, alice: User) -> None:
    with engine.begin() as connection:
        new = start_session(connection, alice, None, START)
    seen = []
    for now in (START + 10, START + 29.9, START + 30, START + 50, START + 60):
        with engine.begin() as connection:
            active = resolve_session(connection, new.secret, now, TIMEOUTS)
            assert active is not None
            touch_session(connection, active, now)
            owner = session_owner(connection, new.session.id)
            assert owner is not None
            seen.append(owner.session.last_seen)
    assert seen == [START, START, START + 30, START + 30, START + 60]


def test_logout_ends_the_session_for_good(engine: Engine, alice: User) -> None:
    secret = _login(engine, alice)
    other = _login(engine, alice)
    with engine.begin() as connection:
        assert logout(connection, secret, "192.0.2.10", START + 5)
        assert not logout(connection, secret, "192.0.2.10", START + 6)
        assert not logout(connection, "never-issued", "192.0.2.10", START + 6)
    assert _resolve(engine, secret, START + 7) is None
    assert _resolve(engine, other, START + 7) is not None
    assert audit_rows(engine)[-1] == (START + 5, "alice", "192.0.2.10", "logout", "alice", None)


def test_a_disabled_users_session_resolves_to_nobody(engine: Engine, alice: User) -> None:
    secret = _login(engine, alice)
    with engine.begin() as connection:
        accounts.disable_user(connection, Actor(name="cli:root"), name="alice", now=START + 1)
    assert _resolve(engine, secret, START + 2) is None


def test_a_session_past_a_timeout_is_ended_when_it_comes_back(engine: Engine, alice: User) -> None:
    secret = _login(engine, alice)
    assert _resolve(engine, secret, START + 901) is None
    with engine.connect() as connection:
        owner = session_owner(connection, digest(secret))
    assert owner is not None and owner.session.ended == START + 901
    assert _resolve(engine, secret, START + 10) is None  # ended for good, whatever the clock says
