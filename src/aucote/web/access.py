"""The role rule of a page: `page_guard(role)`, a dependency every page route is registered with.
It resolves the request's principal as the API does (`aucote.api.access.principal`: a Bearer
token or the password, the session cookie, or open reads on a loopback API without users) and,
for a browser, answers a refusal as a page: the login page (303, back here afterwards) without a
valid credential, a 403 page when the role is too small."""

from typing import Final

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from aucote.api.access.errors import Unauthenticated
from aucote.api.access.principal import principal_of
from aucote.api.context import settings_of
from aucote.api.login.cookies import LOGIN_PATH
from aucote.model.access import Credential, Principal, Role
from aucote.web.layout import error_page
from aucote.web.urls import href
from aucote.web.viewer import NOBODY, Viewer

_STATE: Final = "viewer"


class LoginNeeded(Exception):
    """The page needs a login the request does not carry."""


class PageForbidden(Exception):
    """The viewer's role does not allow the page."""

    def __init__(self, viewer: Viewer, needed: Role) -> None:
        super().__init__(needed.value)
        self.viewer, self.needed = viewer, needed


class PageGuard:
    """The dependency letting only viewers of `role` (or a larger one) see the page; it keeps the
    viewer for the page (`viewer_of`)."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(self, request: Request) -> None:
        try:
            principal = await principal_of(request)
        except Unauthenticated:
            raise LoginNeeded() from None
        viewer = viewer_for(request, principal)
        if not principal.role.allows(self.role):
            if principal.credential is Credential.OPEN:
                raise LoginNeeded()
            raise PageForbidden(viewer, self.role)
        setattr(request.state, _STATE, viewer)


def page_guard(role: Role) -> PageGuard:
    """The role rule of a page."""
    return PageGuard(role)


def viewer_for(request: Request, principal: Principal) -> Viewer:
    """The viewer of a principal: nobody for open reads, else the principal with its session's
    CSRF token (None for a Bearer token)."""
    if principal.credential is Credential.OPEN:
        return NOBODY
    return Viewer(principal=principal, csrf_token=getattr(request.state, "csrf_token", None))


def viewer_of(request: Request) -> Viewer:
    """The viewer the page's guard let through."""
    viewer: Viewer = getattr(request.state, _STATE, NOBODY)
    return viewer


def to_login(request: Request) -> RedirectResponse:
    """303 to the login page, which sends the browser back to this page once logged in."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(href(settings_of(request).prefix, LOGIN_PATH, {"next": here}), 303)


async def _login_needed(request: Request, _error: Exception) -> Response:
    return to_login(request)


async def _forbidden(request: Request, error: Exception) -> Response:
    viewer = error.viewer if isinstance(error, PageForbidden) else NOBODY
    needed = error.needed.value if isinstance(error, PageForbidden) else "another"
    return error_page(request, 403, "Forbidden", f"This page needs the {needed} role.", viewer)


def install_refusals(app: FastAPI) -> None:
    """Answer the page guards' refusals as pages."""
    app.add_exception_handler(LoginNeeded, _login_needed)
    app.add_exception_handler(PageForbidden, _forbidden)
