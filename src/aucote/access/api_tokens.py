"""Users' API tokens: created (the token shown once), revoked, listed (each change audited), and
turned into the Principal of a request (docs/access.md)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Connection

from aucote.access.accounts import find_user
from aucote.access.audit import Actor, record
from aucote.access.errors import AccountError
from aucote.access.names import name_problem
from aucote.access.tokens import digest, looks_like_token, new_token
from aucote.model.access import AccountProblem, ApiToken, AuditAction, Credential, Principal, TokenState
from aucote.storage.repository import tokens as stored
from aucote.storage.repository.tokens import TokenOwner

LAST_USED_EVERY: Final = 60.0
"""A token's last_used is written at most this often (seconds): authenticating a request reads
the database but does not write to it on every request."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatedToken:
    """A token just created: `secret` is the token itself, to show once (only its hash is stored)."""

    token: ApiToken
    secret: str


def create_token(
    connection: Connection, actor: Actor, *, user_name: str, label: str, now: float, expires: float | None
) -> CreatedToken:
    """A new token for the user under a label no other unrevoked token of theirs has; expiring at
    `expires` (a time, None for never)."""
    problem = name_problem("token name", label)
    if problem is not None:
        raise AccountError(AccountProblem.BAD_NAME, problem)
    if expires is not None and expires <= now:
        raise AccountError(AccountProblem.BAD_EXPIRY, "the token's expiry must lie in the future")
    user = find_user(connection, user_name)
    if stored.active_token(connection, user.id, label) is not None:
        message = f"user {user_name!r} already has a token {label!r} (revoke it first)"
        raise AccountError(AccountProblem.DUPLICATE_TOKEN, message)
    secret = new_token()
    token_id = stored.add_token(
        connection, user_id=user.id, name=label, token_hash=digest(secret), now=now, expires=expires
    )
    detail = f"token {label}" + ("" if expires is None else f", expires {_iso(expires)}")
    record(connection, actor, AuditAction.TOKEN_CREATED, user_name, detail, now=now)
    token = ApiToken(
        id=token_id, user_id=user.id, name=label, created=now, expires=expires, last_used=None, revoked=None
    )
    return CreatedToken(token=token, secret=secret)


def revoke_token(connection: Connection, actor: Actor, *, user_name: str, label: str, now: float) -> ApiToken:
    """Revoke the user's unrevoked token with that label (it stops working at once)."""
    user = find_user(connection, user_name)
    token = stored.active_token(connection, user.id, label)
    if token is None:
        raise AccountError(AccountProblem.UNKNOWN_TOKEN, f"user {user_name!r} has no token {label!r}")
    stored.revoke_token(connection, token.id, now)
    record(connection, actor, AuditAction.TOKEN_REVOKED, user_name, f"token {label}", now=now)
    return token


def list_tokens(connection: Connection, user_name: str | None = None) -> list[TokenOwner]:
    """The tokens of one user (AccountError if unknown) or of all users, revoked ones included."""
    user_id = None if user_name is None else find_user(connection, user_name).id
    return stored.list_tokens(connection, user_id)


def find_token(connection: Connection, token_id: int) -> TokenOwner:
    """The token with that id and its user (AccountError UNKNOWN_TOKEN if there is none)."""
    found = stored.token_by_id(connection, token_id) if 0 < token_id < 2**31 else None
    if found is None:
        raise AccountError(AccountProblem.UNKNOWN_TOKEN, f"no token has the id {token_id}")
    return found


def token_state(entry: TokenOwner, now: float) -> TokenState:
    """Whether the token authenticates at `now`, and if not why (revoked first, then expired)."""
    token = entry.token
    if token.revoked is not None:
        return TokenState.REVOKED
    if token.expires is not None and token.expires <= now:
        return TokenState.EXPIRED
    return TokenState.USER_DISABLED if entry.user.disabled else TokenState.ACTIVE


def principal_for_token(connection: Connection, token: str, now: float) -> Principal | None:
    """Who a Bearer token belongs to, or None when it is unknown, revoked, expired or its user is
    disabled. Notes the use in last_used at most every LAST_USED_EVERY seconds (so call it inside
    a transaction that commits: `engine.begin()`)."""
    use = token_use(connection, token, now)
    if use is None:
        return None
    if use.note_due:
        note_use(connection, use.token_id, now)
    return use.principal


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenUse:
    """A valid token's principal, and whether its use is due to be noted (`note_use`)."""

    principal: Principal
    token_id: int
    note_due: bool


def token_use(connection: Connection, token: str, now: float) -> TokenUse | None:
    """`principal_for_token` without its write (one indexed read), for a caller that notes the use
    elsewhere: the API reads on its event loop and writes, when due, in a worker thread."""
    if not looks_like_token(token):
        return None
    found = stored.token_owner(connection, digest(token))
    if found is None or not _valid(found, now):
        return None
    last_used = found.token.last_used
    user = found.user
    return TokenUse(
        principal=Principal(name=user.name, role=user.role, credential=Credential.TOKEN, user_id=user.id),
        token_id=found.token.id,
        note_due=last_used is None or now - last_used >= LAST_USED_EVERY,
    )


def note_use(connection: Connection, token_id: int, now: float) -> bool:
    """Set the token's last_used to `now` unless another request did within LAST_USED_EVERY
    seconds; whether it wrote."""
    return stored.mark_used(connection, token_id, now, older_than=now - LAST_USED_EVERY)


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def _valid(found: TokenOwner, now: float) -> bool:
    return token_state(found, now) is TokenState.ACTIVE
