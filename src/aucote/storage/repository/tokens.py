"""API tokens: a user's labelled tokens, stored as the SHA-256 of the token, with their times."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, or_, select, update

from aucote.model.access import ApiToken, User
from aucote.storage.repository.users import read_user
from aucote.storage.tables import api_tokens, users


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenOwner:
    """A token with the user it belongs to."""

    token: ApiToken
    user: User


def add_token(
    connection: Connection, *, user_id: int, name: str, token_hash: str, now: float, expires: float | None
) -> int:
    """Insert a token; return its id. A second active token of the user with the same label breaks
    the unique index `ix_api_tokens_user_id_name` (IntegrityError)."""
    values = {
        "user_id": user_id,
        "name": name,
        "token_hash": token_hash,
        "created": now,
        "expires": expires,
        "last_used": None,
        "revoked": None,
    }
    statement = insert(api_tokens).values(values).returning(api_tokens.c.id)
    return int(connection.execute(statement).scalar_one())


def active_token(connection: Connection, user_id: int, name: str) -> ApiToken | None:
    """The user's token with that label that is not revoked (it may have expired), or None."""
    statement = select(api_tokens).where(
        api_tokens.c.user_id == user_id, api_tokens.c.name == name, api_tokens.c.revoked.is_(None)
    )
    row = connection.execute(statement).first()
    return None if row is None else read_token(row)


_TOKEN_OWNER = (
    select(api_tokens, users)
    .join(users, users.c.id == api_tokens.c.user_id)
    .where(api_tokens.c.token_hash == bindparam("token_hash"))
)
"""Built once: every authenticated API request runs it, and building a statement and its cache key
costs more than running it (about 80 of 100 µs on SQLite)."""


def token_owner(connection: Connection, token_hash: str) -> TokenOwner | None:
    """The token with that hash and its user, or None (revoked and expired tokens included)."""
    row = connection.execute(_TOKEN_OWNER, {"token_hash": token_hash}).first()
    return None if row is None else TokenOwner(token=read_token(row), user=read_user(row))


def token_by_id(connection: Connection, token_id: int) -> TokenOwner | None:
    """The token with that id and its user, or None."""
    statement = select(api_tokens, users).join(users, users.c.id == api_tokens.c.user_id)
    row = connection.execute(statement.where(api_tokens.c.id == token_id)).first()
    return None if row is None else TokenOwner(token=read_token(row), user=read_user(row))


def list_tokens(connection: Connection, user_id: int | None = None) -> list[TokenOwner]:
    """Tokens (of one user, or of all), by user name, label and creation."""
    statement = select(api_tokens, users).join(users, users.c.id == api_tokens.c.user_id)
    if user_id is not None:
        statement = statement.where(api_tokens.c.user_id == user_id)
    statement = statement.order_by(users.c.name, api_tokens.c.name, api_tokens.c.created, api_tokens.c.id)
    return [TokenOwner(token=read_token(row), user=read_user(row)) for row in connection.execute(statement)]


def revoke_token(connection: Connection, token_id: int, now: float) -> None:
    """Mark the token revoked (kept for its history)."""
    statement = update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked.is_(None))
    connection.execute(statement.values(revoked=now))


def mark_used(connection: Connection, token_id: int, now: float, older_than: float) -> bool:
    """Set last_used to `now` if it is unset or `older_than` or older; whether a row changed."""
    statement = (
        update(api_tokens)
        .where(api_tokens.c.id == token_id)
        .where(or_(api_tokens.c.last_used.is_(None), api_tokens.c.last_used <= older_than))
        .values(last_used=now)
    )
    return connection.execute(statement).rowcount > 0


def read_token(row: Row[Any]) -> ApiToken:
    """An ApiToken from a row holding the columns of `api_tokens` (alone or joined: read by column)."""
    mapping = row._mapping
    return ApiToken(
        id=mapping[api_tokens.c.id],
        user_id=mapping[api_tokens.c.user_id],
        name=mapping[api_tokens.c.name],
        created=mapping[api_tokens.c.created],
        expires=mapping[api_tokens.c.expires],
        last_used=mapping[api_tokens.c.last_used],
        revoked=mapping[api_tokens.c.revoked],
    )
