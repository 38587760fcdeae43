"""Browser sessions: a random secret in the cookie, its SHA-256 as the stored id, a CSRF token,
idle and absolute timeouts, logout that ends the row (docs/access.md).

Every login creates a new session with a new secret (no fixation: an id known before login is
never promoted). A session ends at logout, when its user is disabled or changes password, or when
a timeout passes (it is refused from then on, and ended when its cookie comes back).
"""

from dataclasses import dataclass
from typing import Final

from sqlalchemy import Connection

from aucote.access.audit import Actor, record
from aucote.access.tokens import digest, new_secret
from aucote.model.access import AuditAction, Credential, Principal, Session, User
from aucote.storage.repository import sessions as stored

TOUCH_EVERY: Final = 30.0
"""last_seen is written at most this often per session (seconds): the idle timeout may run this
much later, and reading pages does not write to the database on every request."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionTimeouts:
    """How long a session lives without a request (idle) and at most since login (absolute)."""

    idle: float
    absolute: float


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSession:
    """A session just created: `secret` goes into the cookie (and is not stored anywhere)."""

    secret: str
    session: Session


@dataclass(frozen=True, slots=True, kw_only=True)
class ActiveSession:
    """A session that is valid now, with who it belongs to."""

    principal: Principal
    session: Session

    @property
    def csrf(self) -> str:
        """The CSRF token the session's forms carry."""
        return self.session.csrf


def start_session(connection: Connection, user: User, address: str | None, now: float) -> NewSession:
    """Log the user in: a new session with a new secret and CSRF token; audited as a login."""
    secret = new_secret()
    session = Session(
        id=digest(secret),
        user_id=user.id,
        created=now,
        last_seen=now,
        csrf=new_secret(),
        address=address,
        ended=None,
    )
    stored.add_session(
        connection,
        session_id=session.id,
        user_id=user.id,
        csrf=session.csrf,
        address=address,
        now=now,
    )
    record(connection, Actor(name=user.name, address=address), AuditAction.LOGIN, user.name, now=now)
    return NewSession(secret=secret, session=session)


def resolve_session(
    connection: Connection, secret: str, now: float, timeouts: SessionTimeouts
) -> ActiveSession | None:
    """The session of a cookie's secret if it is open, within both timeouts and of an enabled user.
    An open session past a timeout is ended here (in the caller's transaction)."""
    found = stored.session_owner(connection, digest(secret))
    if found is None or found.session.ended is not None:
        return None
    if not _within(found.session, now, timeouts):
        stored.end_session(connection, found.session.id, now)
        return None
    if found.user.disabled:
        return None
    principal = Principal(
        name=found.user.name, role=found.user.role, credential=Credential.SESSION, user_id=found.user.id
    )
    return ActiveSession(principal=principal, session=found.session)


def _within(session: Session, now: float, timeouts: SessionTimeouts) -> bool:
    return now - session.last_seen <= timeouts.idle and now - session.created <= timeouts.absolute


def touch_session(connection: Connection, active: ActiveSession, now: float) -> bool:
    """Note a request of the session (restarts its idle timeout); writes only when the last note is
    older than TOUCH_EVERY. Whether it wrote."""
    if now - active.session.last_seen < TOUCH_EVERY:
        return False
    return stored.touch_session(connection, active.session.id, now, older_than=now - TOUCH_EVERY)


def logout(connection: Connection, secret: str, address: str | None, now: float) -> bool:
    """End the session of the secret (audited as a logout); whether an open session was ended."""
    found = stored.session_owner(connection, digest(secret))
    if found is None or not stored.end_session(connection, found.session.id, now):
        return False
    actor = Actor(name=found.user.name, address=address)
    record(connection, actor, AuditAction.LOGOUT, found.user.name, now=now)
    return True


def end_user_sessions(connection: Connection, user_id: int, now: float) -> int:
    """End every open session of a user (disabled, new password); how many were open."""
    return stored.end_user_sessions(connection, user_id, now)
