"""A login attempt on both backends: the lock-out first, then the password, then a new session
(ending the browser's previous one) or an audited failure; the audit rows of each."""

import pytest
from sqlalchemy import Engine

from aucote.access import accounts
from aucote.access.audit import Actor
from aucote.access.lockout import LoginLimits
from aucote.access.logins import LockedOut, LoggedIn, LoginAttempt, LoginFailed, LoginOutcome, log_in
from aucote.access.passwords import Passwords
from aucote.access.sessions import SessionTimeouts, resolve_session
from aucote.model.access import Role, User
from tests.access.conftest import PASSWORD, audit_rows

LIMITS = LoginLimits(
    user_failures=2, address_failures=10, window=100.0, lockout=50.0, delay=0.25, max_delay=1.0
)
TIMEOUTS = SessionTimeouts(idle=900.0, absolute=3600.0)
ADDRESS = "192.0.2.9"


@pytest.fixture
def alice(engine: Engine, passwords: Passwords) -> User:
    with engine.begin() as connection:
        return accounts.add_user(
            connection,
            Actor(name="cli:root"),
            name="alice",
            role=Role.OPERATOR,
            password=PASSWORD,
            now=1.0,
            passwords=passwords,
        )


def attempt(
    engine: Engine, passwords: Passwords, name: str, password: str, now: float, previous: str | None = None
) -> LoginOutcome:
    tried = LoginAttempt(name=name, password=password, address=ADDRESS, previous=previous)
    with engine.begin() as connection:
        return log_in(connection, tried, now=now, limits=LIMITS, passwords=passwords)


def test_a_good_password_opens_a_session(engine: Engine, passwords: Passwords, alice: User) -> None:
    outcome = attempt(engine, passwords, "alice", PASSWORD, 10.0)
    assert isinstance(outcome, LoggedIn)
    assert outcome.user == alice
    assert outcome.session.session.address == ADDRESS
    with engine.connect() as connection:
        assert resolve_session(connection, outcome.session.secret, 11.0, TIMEOUTS) is not None
    assert audit_rows(engine)[1:] == [(10.0, "alice", ADDRESS, "login", "alice", None)]


def test_failures_are_audited_with_the_name_tried_and_why(
    engine: Engine, passwords: Passwords, alice: User
) -> None:
    assert attempt(engine, passwords, "alice", "not the password at all", 10.0) == LoginFailed(delay=0.25)
    assert attempt(engine, passwords, "mallory", PASSWORD, 11.0) == LoginFailed(delay=0.5)  # same address
    assert audit_rows(engine)[1:] == [
        (10.0, "anonymous", ADDRESS, "login_failed", "alice", "wrong_password"),
        (11.0, "anonymous", ADDRESS, "login_failed", "mallory", "unknown_user"),
    ]


def test_a_disabled_user_fails_like_a_wrong_password(
    engine: Engine, passwords: Passwords, alice: User
) -> None:
    with engine.begin() as connection:
        accounts.disable_user(connection, Actor(name="cli:root"), name="alice", now=5.0)
    assert attempt(engine, passwords, "alice", PASSWORD, 10.0) == LoginFailed(delay=0.25)
    assert audit_rows(engine)[-1] == (10.0, "anonymous", ADDRESS, "login_failed", "alice", "disabled")


def test_a_locked_name_is_refused_even_with_the_right_password(
    engine: Engine, passwords: Passwords, alice: User
) -> None:
    assert attempt(engine, passwords, "alice", "not the password at all", 10.0) == LoginFailed(delay=0.25)
    assert attempt(engine, passwords, "alice", "not the password either", 20.0) == LoginFailed(delay=0.5)
    assert attempt(engine, passwords, "alice", PASSWORD, 30.0) == LockedOut(until=70.0)
    assert audit_rows(engine)[-1] == (30.0, "anonymous", ADDRESS, "login_failed", "alice", "locked_out")
    assert isinstance(attempt(engine, passwords, "alice", PASSWORD, 70.0), LoggedIn)


def test_an_unknown_name_is_locked_like_a_known_one(
    engine: Engine, passwords: Passwords, alice: User
) -> None:
    for now in (10.0, 20.0):
        attempt(engine, passwords, "alice", "not the password at all", now)
        attempt(engine, passwords, "nobody", "not the password at all", now)
    assert attempt(engine, passwords, "alice", PASSWORD, 30.0) == LockedOut(until=70.0)
    assert attempt(engine, passwords, "nobody", PASSWORD, 30.0) == LockedOut(until=70.0)


def test_a_login_ends_the_session_the_browser_had(engine: Engine, passwords: Passwords, alice: User) -> None:
    first = attempt(engine, passwords, "alice", PASSWORD, 10.0)
    assert isinstance(first, LoggedIn)
    second = attempt(engine, passwords, "alice", PASSWORD, 20.0, previous=first.session.secret)
    assert isinstance(second, LoggedIn)
    assert second.session.secret != first.session.secret
    with engine.begin() as connection:
        assert resolve_session(connection, first.session.secret, 21.0, TIMEOUTS) is None
        assert resolve_session(connection, second.session.secret, 21.0, TIMEOUTS) is not None
    assert [row[3] for row in audit_rows(engine)[1:]] == ["login", "logout", "login"]
