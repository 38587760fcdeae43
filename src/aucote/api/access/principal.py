"""Who a request comes from: the first credential it carries (READERS, in order), else the open
principal when reads are open (`policy.AccessPolicy.reads_open`), else 401. Resolved once per
request (kept in `request.state`)."""

from collections.abc import Awaitable, Callable

from starlette.requests import Request

from aucote.api.access.bearer import bearer_principal
from aucote.api.access.errors import Unauthenticated
from aucote.api.context import settings_of
from aucote.api.login.principal import session_reader
from aucote.model.access import Credential, Principal, Role

CredentialReader = Callable[[Request], Awaitable[Principal | None]]
"""Reads one kind of credential: its principal, None when the request does not carry that kind,
or raises Unauthenticated when it carries one that is not valid."""

READERS: tuple[CredentialReader, ...] = (bearer_principal, session_reader)
"""The credential readers, tried in order: a Bearer token or password, then the session cookie."""

OPEN = Principal(name="open", role=Role.VIEWER, credential=Credential.OPEN)
"""No credential, where reads are open: a viewer."""


async def principal_of(request: Request) -> Principal:
    """The request's principal (401 when it has no valid credential and reads are not open)."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is None:
        known = await _resolve(request)
        request.state.principal = known
    return known


async def _resolve(request: Request) -> Principal:
    for read in READERS:
        principal = await read(request)
        if principal is not None:
            return principal
    access = settings_of(request).access
    if access.policy.reads_open(access.presence.exists):
        return OPEN
    raise Unauthenticated()
