"""The login pages' rendering: the dashboard's templates and layout (`aucote.web.pages`), with the
logged-in user (if any) and the CSRF token of the page's form."""

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from aucote.api.context import settings_of
from aucote.model.access import Principal
from aucote.web.layout import PageContext
from aucote.web.pages import render_page
from aucote.web.viewer import Viewer


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    user: Principal | None = None,
    csrf_token: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The page `template` with `context`, in the layout with the logged-in `user`; `csrf_token`
    is the token of the page's own form (the login form's, or the session's)."""
    settings = settings_of(request)
    viewer = Viewer(principal=user, csrf_token=csrf_token)
    page = PageContext(prefix=settings.prefix, now=settings.clock(), section=None, viewer=viewer)
    return render_page(template, {"page": page, "csrf_token": csrf_token, **context}, status)
