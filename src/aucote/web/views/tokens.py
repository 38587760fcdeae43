"""The API tokens page: the viewer's own tokens (name, state, created, expires, last used, revoked),
every user's for an admin, the form creating one and, right after, the new token itself, shown
this once (only its hash is stored)."""

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Connection

from aucote.access import api_tokens
from aucote.access.api_tokens import CreatedToken
from aucote.api.params import Parameters
from aucote.model.access import Credential, Role, TokenState
from aucote.storage.repository.tokens import TokenOwner
from aucote.web.viewer import Viewer

NOT_A_USER = "API tokens belong to user accounts: log in with yours to manage its tokens."
NOT_A_SESSION = (
    "Tokens are created and revoked from a logged-in browser session (or with `aucote token`), "
    "never with another token."
)


class TokensQuery(Parameters):
    """After a revocation, which token it was (`notice=revoked&token=…&user=…`)."""

    notice: Literal["revoked", "already_revoked"] | None = None
    token: str | None = None
    user: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenLine:
    """One token as listed, with its state now and whether the viewer may revoke it."""

    entry: TokenOwner
    state: TokenState
    revocable: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenForm:
    """What the creation form holds (kept after a refusal)."""

    name: str = ""
    expires: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TokensView:
    """What the page shows."""

    own: list[TokenLine]
    others: list[TokenLine] | None
    """Every other user's tokens (admins only; None for others)."""
    refusal: str | None
    """Why the viewer cannot create or revoke tokens here (None: they can)."""
    created: CreatedToken | None = None
    form: TokenForm = field(default_factory=TokenForm)
    message: str | None = None
    notice: str | None = None


def tokens_view(connection: Connection, viewer: Viewer, now: float, query: TokensQuery) -> TokensView:
    """The page for `viewer` (a revocation's notice from `query`)."""
    return with_tokens(connection, viewer, now, notice=_notice(query))


def with_tokens(
    connection: Connection,
    viewer: Viewer,
    now: float,
    *,
    created: CreatedToken | None = None,
    form: TokenForm | None = None,
    message: str | None = None,
    notice: str | None = None,
) -> TokensView:
    """The page, after a creation (`created`) or a refused one (`form`, `message`)."""
    principal = viewer.principal
    user_id = principal.user_id if principal is not None else None
    admin = viewer.may(Role.ADMIN)
    listed = api_tokens.list_tokens(connection) if admin else _own(connection, viewer)
    refusal = management_refusal(viewer)
    lines = [_line(entry, now, refusal is None and (admin or entry.user.id == user_id)) for entry in listed]
    return TokensView(
        own=[line for line in lines if line.entry.user.id == user_id],
        others=[line for line in lines if line.entry.user.id != user_id] if admin else None,
        refusal=refusal,
        created=created,
        form=form or TokenForm(),
        message=message,
        notice=notice,
    )


def management_refusal(viewer: Viewer) -> str | None:
    """Why the viewer may not create or revoke tokens (None: a user's browser session may)."""
    principal = viewer.principal
    if principal is None or principal.user_id is None:
        return NOT_A_USER
    if principal.credential is not Credential.SESSION:
        return NOT_A_SESSION
    return None


def _own(connection: Connection, viewer: Viewer) -> list[TokenOwner]:
    principal = viewer.principal
    if principal is None or principal.user_id is None:
        return []
    return api_tokens.list_tokens(connection, principal.name)


def _line(entry: TokenOwner, now: float, may_revoke: bool) -> TokenLine:
    state = api_tokens.token_state(entry, now)
    return TokenLine(entry=entry, state=state, revocable=may_revoke and state is not TokenState.REVOKED)


def _notice(query: TokensQuery) -> str | None:
    if query.notice is None:
        return None
    done = "is revoked: it no longer authenticates" if query.notice == "revoked" else "was revoked already"
    return f"Token {query.token or ''} of {query.user or ''} {done}."
