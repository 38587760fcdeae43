"""The session cookie as a credential: `session_reader(request)` (async) or
`session_principal(request)` (blocking) is the reader the API's principal resolution tries
(docs/access.md). The session is looked up once per request (kept in the request's state), its idle
timeout restarted, and a session past a timeout ended."""

from typing import Final

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from aucote.access.sessions import ActiveSession, resolve_session, touch_session
from aucote.api.context import settings_of
from aucote.api.login.cookies import SESSION_COOKIE, cookie_value
from aucote.api.login.options import login_state_of
from aucote.model.access import Principal

_STATE: Final = "aucote_session"


def session_principal(request: Request) -> Principal | None:
    """Who the request's `aucote_session` cookie logs in (credential SESSION), or None: no cookie,
    an unknown, ended or expired session, or a disabled user. Blocking (a database lookup): call
    it off the event loop when that matters."""
    active = active_session(request)
    return None if active is None else active.principal


async def session_reader(request: Request) -> Principal | None:
    """`session_principal` as a credential reader of the API (async: the lookup runs in a worker
    thread). When the cookie logs someone in, `request.state.csrf_token` holds the session's CSRF
    token for the pages' forms. Without the cookie it answers at once (no thread hop)."""
    if cookie_value(request, SESSION_COOKIE) is None:
        return None
    active = await run_in_threadpool(active_session, request)
    if active is None:
        return None
    request.state.csrf_token = active.csrf
    return active.principal


def active_session(request: Request) -> ActiveSession | None:
    """The open session of the request's cookie (looked up on first use, then remembered)."""
    found: list[ActiveSession | None] | None = getattr(request.state, _STATE, None)
    if found is None:
        found = [_look_up(request)]
        setattr(request.state, _STATE, found)
    return found[0]


def forget_session(request: Request) -> None:
    """Forget what was looked up (after a login or logout changed it)."""
    setattr(request.state, _STATE, None)


def _look_up(request: Request) -> ActiveSession | None:
    secret = cookie_value(request, SESSION_COOKIE)
    if secret is None:
        return None
    settings = settings_of(request)
    now = settings.clock()
    with settings.engine.begin() as connection:
        active = resolve_session(connection, secret, now, login_state_of(request).options.timeouts)
        if active is not None:
            touch_session(connection, active, now)
        return active
