"""CSRF protection of requests authenticated by the session cookie (docs/access.md): a POST,
PUT, PATCH or DELETE must carry the session's CSRF token, in the `X-CSRF-Token` header or the
`csrf_token` form field; it is compared in constant time. Requests with another credential (a
Bearer token) are not concerned: a browser never adds those by itself.

Call these from a dependency or an endpoint, not from ASGI middleware: reading the form field reads
the request body, which Starlette keeps for the endpoint only on the same Request object."""

from typing import Final

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from aucote.access.sessions import ActiveSession
from aucote.access.tokens import same_secret
from aucote.api.errors import ApiError
from aucote.api.login.principal import active_session, session_principal
from aucote.model.access import Credential, CsrfRefusal, Principal

CSRF_HEADER: Final = "X-CSRF-Token"
CSRF_FIELD: Final = "csrf_token"
STATE_CHANGING: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES: Final = ("application/x-www-form-urlencoded", "multipart/form-data")
MESSAGES: Final = {
    CsrfRefusal.MISSING: f"Missing CSRF token (header {CSRF_HEADER} or form field {CSRF_FIELD})",
    CsrfRefusal.WRONG: "Wrong CSRF token",
}


async def given_token(request: Request) -> str | None:
    """The CSRF token the request carries: the header, else the form field of a form post."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if not request.headers.get("content-type", "").startswith(FORM_TYPES):
        return None
    value = (await request.form()).get(CSRF_FIELD)
    return value if isinstance(value, str) and value else None


def token_refusal(given: str | None, expected: str) -> CsrfRefusal | None:
    """Why `given` is not the session's token `expected` (constant-time), None when it is."""
    if not given:
        return CsrfRefusal.MISSING
    return None if same_secret(given, expected) else CsrfRefusal.WRONG


async def csrf_refusal(request: Request, active: ActiveSession) -> CsrfRefusal | None:
    """Why the request does not carry the session's CSRF token, None when it does."""
    return token_refusal(await given_token(request), active.csrf)


async def check_csrf(request: Request, principal: Principal | None) -> None:
    """For the API's principal resolution, once `principal` is known: a 403 (ApiError, JSON) when
    the request changes state, came with the session cookie and lacks its CSRF token. Anything
    else passes: safe methods, Bearer tokens, the configured password, no credential."""
    if principal is None or principal.credential is not Credential.SESSION:
        return
    if request.method not in STATE_CHANGING:
        return
    active = active_session(request)
    refusal = CsrfRefusal.WRONG if active is None else await csrf_refusal(request, active)
    if refusal is not None:
        raise ApiError(403, MESSAGES[refusal])


async def require_csrf(request: Request) -> None:
    """Dependency: `check_csrf` with the request's session cookie as the credential (for routes
    that take the cookie without the API's principal resolution)."""
    await check_csrf(request, await run_in_threadpool(session_principal, request))
