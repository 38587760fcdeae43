"""Who may see the pages: a logged-in user (the session cookie of the login page), or anybody while
no user exists (a loopback service without users reads openly, as the API does). Otherwise the
browser is sent to the login page, which brings it back afterwards (`next`)."""

from sqlalchemy import Engine, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from aucote.api.context import settings_of
from aucote.api.login.cookies import LOGIN_PATH
from aucote.api.login.principal import session_reader
from aucote.storage.tables import users
from aucote.web.urls import href
from aucote.web.viewer import NOBODY, Viewer


async def page_viewer(request: Request) -> Viewer | None:
    """The viewer of the request, or None when it must log in first."""
    principal = await session_reader(request)
    if principal is not None:
        return Viewer(principal=principal, csrf_token=getattr(request.state, "csrf_token", None))
    if await run_in_threadpool(users_exist, settings_of(request).engine):
        return None
    return NOBODY


def users_exist(engine: Engine) -> bool:
    """Whether any account exists (then reading needs a login)."""
    with engine.connect() as connection:
        return connection.execute(select(users.c.id).limit(1)).first() is not None


def to_login(request: Request) -> RedirectResponse:
    """303 to the login page, which sends the browser back to this page once logged in."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(href(settings_of(request).prefix, LOGIN_PATH, {"next": here}), 303)
