"""`GET /login` (the form), `POST /login` (a new session, or the same refusal whatever went
wrong), `POST /logout` (ends the session for good); the dashboard's pages (`aucote.web`) send a
browser without a session here when logging in is needed. HTML for browsers, outside the OpenAPI
document (docs/access.md)."""

import asyncio
import math
from typing import Annotated, Final

from fastapi import APIRouter, Form, Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from aucote.access.logins import LockedOut, LoggedIn, LoginAttempt, LoginOutcome, log_in
from aucote.access.names import MAX_NAME
from aucote.access.passwords import MAX_LENGTH
from aucote.access.sessions import logout
from aucote.access.tokens import new_secret
from aucote.api.clients import client_address
from aucote.api.context import settings_of
from aucote.api.login.cookies import (
    LOGIN_COOKIE,
    LOGIN_PATH,
    MAX_SECRET,
    SESSION_COOKIE,
    clear_login_cookie,
    clear_session_cookie,
    cookie_value,
    set_login_cookie,
    set_session_cookie,
)
from aucote.api.login.csrf import MESSAGES, csrf_refusal, token_refusal
from aucote.api.login.options import login_state_of
from aucote.api.login.pages import render
from aucote.api.login.principal import active_session, forget_session
from aucote.api.login.redirects import MAX_TARGET, local_path

WRONG: Final = "Wrong name or password."
LOCKED: Final = "Too many failed logins. Please wait a few minutes before you try again."
EXPIRED_FORM: Final = "The login form had expired. Please try again."

Target = Annotated[str | None, Query(alias="next", max_length=MAX_TARGET)]
FormTarget = Annotated[str, Form(alias="next", max_length=MAX_TARGET)]


async def login_page(request: Request, target: Target = None) -> Response:
    """The login form, with its own CSRF token (kept from an earlier form: several tabs work)."""
    return login_form(request, local_path(target), None, 200)


async def login(
    request: Request,
    name: Annotated[str, Form(max_length=MAX_NAME)],
    password: Annotated[str, Form(max_length=MAX_LENGTH)],
    csrf_token: Annotated[str, Form(max_length=MAX_SECRET)] = "",
    target: FormTarget = "",
) -> Response:
    """Log in: 303 to `next` (a local path) or `/` with a new session cookie; 401 with the form again
    for a wrong name or password (after a delay growing with recent failures), 429 while the name or
    address is locked out, 403 for a missing or stale form token."""
    expected = cookie_value(request, LOGIN_COOKIE)
    if expected is None or token_refusal(csrf_token, expected) is not None:
        return login_form(request, local_path(target), EXPIRED_FORM, 403, renew=True)
    outcome = await attempt_login(request, name, password)
    if isinstance(outcome, LoggedIn):
        return logged_in(request, outcome, local_path(target))
    if isinstance(outcome, LockedOut):
        wait = max(1, math.ceil(outcome.until - settings_of(request).clock()))
        page = login_form(request, local_path(target), LOCKED, 429)
        page.headers["Retry-After"] = str(wait)
        return page
    await asyncio.sleep(outcome.delay)
    return login_form(request, local_path(target), WRONG, 401)


async def log_out(request: Request) -> Response:
    """End the session (if the form carries its CSRF token, else 403) and drop the cookie; 303 to
    the login page."""
    active = await run_in_threadpool(active_session, request)
    if active is not None:
        refusal = await csrf_refusal(request, active)
        if refusal is not None:
            context = {"title": "Not logged out", "message": MESSAGES[refusal]}
            return render(
                request, "error.html", context, user=active.principal, csrf_token=active.csrf, status=403
            )
        await run_in_threadpool(_end_session, request)
    response = RedirectResponse(_login_url(request), 303)
    clear_session_cookie(response, request)
    return response


def login_form(
    request: Request, target: str | None, message: str | None, status: int, *, renew: bool = False
) -> Response:
    """The login page with the form's token (set again in its cookie)."""
    token = (None if renew else cookie_value(request, LOGIN_COOKIE)) or new_secret()
    context = {"next": target, "message": message}
    page = render(request, "login.html", context, csrf_token=token, status=status)
    set_login_cookie(page, request, token)
    return page


async def attempt_login(request: Request, name: str, password: str) -> LoginOutcome:
    """The attempt, checked off the event loop, at most `concurrent` at a time."""
    attempt = LoginAttempt(
        name=name,
        password=password,
        address=client_address(request),
        previous=cookie_value(request, SESSION_COOKIE),
    )
    async with login_state_of(request).checking:
        return await run_in_threadpool(_checked, request, attempt)


def logged_in(request: Request, outcome: LoggedIn, target: str | None) -> Response:
    """303 to the target with the new session's cookie; the login form's token is dropped."""
    response = RedirectResponse(settings_of(request).prefix + (target or "/"), 303)
    timeouts = login_state_of(request).options.timeouts
    set_session_cookie(response, request, outcome.session.secret, int(timeouts.absolute))
    clear_login_cookie(response, request)
    forget_session(request)
    return response


def _checked(request: Request, attempt: LoginAttempt) -> LoginOutcome:
    settings, options = settings_of(request), login_state_of(request).options
    with settings.engine.begin() as connection:
        now = settings.clock()
        return log_in(connection, attempt, now=now, limits=options.limits, passwords=options.passwords)


def _end_session(request: Request) -> None:
    secret = cookie_value(request, SESSION_COOKIE)
    settings = settings_of(request)
    if secret is not None:
        with settings.engine.begin() as connection:
            logout(connection, secret, client_address(request), settings.clock())
    forget_session(request)


def _login_url(request: Request) -> str:
    return settings_of(request).prefix + LOGIN_PATH


def router() -> APIRouter:
    """The routes of the login page."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(LOGIN_PATH, login_page, methods=["GET"])
    routes.add_api_route(LOGIN_PATH, login, methods=["POST"])
    routes.add_api_route("/logout", log_out, methods=["POST"])
    return routes
