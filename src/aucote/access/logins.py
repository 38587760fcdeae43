"""A login attempt from the login page: the lock-out first, then the name and password, then a new
session (ending the one the browser had) or an audited failure with the delay to wait before
answering (docs/access.md). Whatever the reason of a failure, the caller tells the client the
same thing; only the audit log says why."""

from dataclasses import dataclass
from typing import Final

from sqlalchemy import Connection

from aucote.access.accounts import check_password
from aucote.access.audit import Actor, record
from aucote.access.lockout import LoginLimits, failure_delay, locked_until
from aucote.access.passwords import Passwords
from aucote.access.sessions import NewSession, logout, start_session
from aucote.model.access import AuditAction, LoginRefusal, User

ANONYMOUS: Final = "anonymous"
"""The audit log's actor of a failed login: nobody proved who they are."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginAttempt:
    """What the login form sent, from where, and the session cookie the browser already had."""

    name: str
    password: str
    address: str | None
    previous: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedIn:
    """The name and password logged in: a new session."""

    user: User
    session: NewSession


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginFailed:
    """Wrong name or password (or a disabled user): answer after `delay` seconds."""

    delay: float


@dataclass(frozen=True, slots=True, kw_only=True)
class LockedOut:
    """Too many recent failures of the name or the address: nothing was checked until `until`."""

    until: float


LoginOutcome = LoggedIn | LoginFailed | LockedOut


def log_in(
    connection: Connection,
    attempt: LoginAttempt,
    *,
    now: float,
    limits: LoginLimits,
    passwords: Passwords | None = None,
) -> LoginOutcome:
    """Try the attempt in the caller's transaction (audited: login, login_failed with the name tried
    and the reason)."""
    name, address = attempt.name, attempt.address
    until = locked_until(connection, name=name, address=address, now=now, limits=limits)
    if until is not None:
        _failed(connection, attempt, LoginRefusal.LOCKED_OUT, now)
        return LockedOut(until=until)
    checked = check_password(connection, name, attempt.password, now, passwords)
    if isinstance(checked, LoginRefusal):
        _failed(connection, attempt, checked, now)
        return LoginFailed(
            delay=failure_delay(connection, name=name, address=address, now=now, limits=limits)
        )
    if attempt.previous is not None:
        logout(connection, attempt.previous, address, now)
    return LoggedIn(user=checked, session=start_session(connection, checked, address, now))


def _failed(connection: Connection, attempt: LoginAttempt, why: LoginRefusal, now: float) -> None:
    actor = Actor(name=ANONYMOUS, address=attempt.address)
    record(connection, actor, AuditAction.LOGIN_FAILED, attempt.name, why.value, now=now)
