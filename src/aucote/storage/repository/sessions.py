"""Browser sessions: stored under the SHA-256 of the cookie's secret, ended at logout."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from aucote.model.access import Session, User
from aucote.storage.repository.users import read_user
from aucote.storage.tables import sessions, users


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionOwner:
    """A session with its user."""

    session: Session
    user: User


def add_session(
    connection: Connection, *, session_id: str, user_id: int, csrf: str, address: str | None, now: float
) -> None:
    """Insert a new session (its id is the hash of its secret)."""
    values = {
        "id": session_id,
        "user_id": user_id,
        "created": now,
        "last_seen": now,
        "csrf": csrf,
        "address": address,
        "ended": None,
    }
    connection.execute(insert(sessions).values(values))


def session_owner(connection: Connection, session_id: str) -> SessionOwner | None:
    """The session with that id and its user, or None (ended sessions included)."""
    statement = (
        select(sessions, users)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.id == session_id)
    )
    row = connection.execute(statement).first()
    return None if row is None else SessionOwner(session=_read_session(row), user=read_user(row))


def touch_session(connection: Connection, session_id: str, now: float, older_than: float) -> bool:
    """Set last_seen of an open session to `now` if it is `older_than` or older; whether it changed."""
    statement = (
        update(sessions)
        .where(sessions.c.id == session_id, sessions.c.ended.is_(None), sessions.c.last_seen <= older_than)
        .values(last_seen=now)
    )
    return connection.execute(statement).rowcount > 0


def end_session(connection: Connection, session_id: str, now: float) -> bool:
    """End the session if it is not ended yet; whether it was open."""
    statement = update(sessions).where(sessions.c.id == session_id, sessions.c.ended.is_(None))
    return connection.execute(statement.values(ended=now)).rowcount > 0


def end_user_sessions(connection: Connection, user_id: int, now: float) -> int:
    """End every open session of the user; how many were open."""
    statement = update(sessions).where(sessions.c.user_id == user_id, sessions.c.ended.is_(None))
    return int(connection.execute(statement.values(ended=now)).rowcount)


def _read_session(row: Row[Any]) -> Session:
    mapping = row._mapping
    return Session(
        id=mapping[sessions.c.id],
        user_id=mapping[sessions.c.user_id],
        created=mapping[sessions.c.created],
        last_seen=mapping[sessions.c.last_seen],
        csrf=mapping[sessions.c.csrf],
        address=mapping[sessions.c.address],
        ended=mapping[sessions.c.ended],
    )
