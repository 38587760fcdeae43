"""Users: accounts with a role and an Argon2id password hash (the hash never leaves storage's callers
in aucote.access)."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from aucote.model.access import Role, User
from aucote.storage.tables import users


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredUser:
    """A user with the password hash to verify a login against."""

    user: User
    password_hash: str


def add_user(connection: Connection, *, name: str, role: Role, password_hash: str, now: float) -> int:
    """Insert an enabled user; return its id (the name must be new: `uq_users_name`)."""
    values = {
        "name": name,
        "role": role.value,
        "password_hash": password_hash,
        "disabled": False,
        "created": now,
        "updated": now,
    }
    return int(connection.execute(insert(users).values(values).returning(users.c.id)).scalar_one())


def stored_user(connection: Connection, name: str) -> StoredUser | None:
    """The user of that name with its password hash, or None."""
    row = connection.execute(select(users).where(users.c.name == name)).first()
    return None if row is None else StoredUser(user=read_user(row), password_hash=row.password_hash)


def user_by_id(connection: Connection, user_id: int) -> User | None:
    """The user with that id, or None."""
    row = connection.execute(select(users).where(users.c.id == user_id)).first()
    return None if row is None else read_user(row)


def any_user(connection: Connection) -> bool:
    """Whether at least one user (enabled or disabled) exists."""
    return connection.execute(select(users.c.id).limit(1)).first() is not None


def list_users(connection: Connection) -> list[User]:
    """Every user, by name."""
    return [read_user(row) for row in connection.execute(select(users).order_by(users.c.name))]


def set_password_hash(connection: Connection, user_id: int, password_hash: str, now: float) -> None:
    """Store a new password hash."""
    _update(connection, user_id, now, password_hash=password_hash)


def set_role(connection: Connection, user_id: int, role: Role, now: float) -> None:
    """Give the user another role."""
    _update(connection, user_id, now, role=role.value)


def set_disabled(connection: Connection, user_id: int, disabled: bool, now: float) -> None:
    """Disable (no login, no token works) or enable the user."""
    _update(connection, user_id, now, disabled=disabled)


def _update(connection: Connection, user_id: int, now: float, **values: object) -> None:
    connection.execute(update(users).where(users.c.id == user_id).values(updated=now, **values))


def read_user(row: Row[Any]) -> User:
    """A User from a row holding the columns of `users` (alone or joined: read by column)."""
    mapping = row._mapping
    return User(
        id=mapping[users.c.id],
        name=mapping[users.c.name],
        role=Role(mapping[users.c.role]),
        disabled=bool(mapping[users.c.disabled]),
        created=mapping[users.c.created],
    )
