"""The cookies of the login page: `aucote_session` (the session's secret) and `aucote_login` (the
login form's own CSRF token, double-submitted). Both HttpOnly, Secure when the request came over
HTTPS (`aucote.api.clients.is_https`), scoped to the API's URL prefix (service.api.path)."""

from typing import Final, Literal

from starlette.requests import Request
from starlette.responses import Response

from aucote.api.clients import is_https
from aucote.api.context import settings_of

SESSION_COOKIE: Final = "aucote_session"
LOGIN_COOKIE: Final = "aucote_login"
LOGIN_COOKIE_AGE: Final = 3600
"""A login form is good for an hour."""
MAX_SECRET: Final = 128
"""A longer cookie value is none of ours: ignored without a database lookup."""
LOGIN_PATH: Final = "/login"


def cookie_value(request: Request, name: str) -> str | None:
    """The cookie's value, None when absent, empty or too long to be ours."""
    value = request.cookies.get(name)
    return value if value and len(value) <= MAX_SECRET else None


def set_session_cookie(response: Response, request: Request, secret: str, max_age: int) -> None:
    """Hand the browser its session: HttpOnly, SameSite=Lax, Path = the URL prefix or `/`."""
    _set(response, request, SESSION_COOKIE, secret, max_age, "", "lax")


def clear_session_cookie(response: Response, request: Request) -> None:
    """Tell the browser to drop its session cookie."""
    _set(response, request, SESSION_COOKIE, "", 0, "", "lax")


def set_login_cookie(response: Response, request: Request, token: str) -> None:
    """The login form's CSRF token, sent back to `/login` only (SameSite=Strict)."""
    _set(response, request, LOGIN_COOKIE, token, LOGIN_COOKIE_AGE, LOGIN_PATH, "strict")


def clear_login_cookie(response: Response, request: Request) -> None:
    """Drop the login form's token (after a login)."""
    _set(response, request, LOGIN_COOKIE, "", 0, LOGIN_PATH, "strict")


def cookie_path(request: Request, path: str = "") -> str:
    """The URL prefix followed by `path`, `/` for neither."""
    return settings_of(request).prefix + path or "/"


def _set(
    response: Response,
    request: Request,
    name: str,
    value: str,
    max_age: int,
    path: str,
    same_site: Literal["lax", "strict"],
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=cookie_path(request, path),
        secure=is_https(request),
        httponly=True,
        samesite=same_site,
    )
