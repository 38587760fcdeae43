"""HTML pages: Jinja2 templates from `aucote/web/templates` (autoescaped) in the layout of
`base.html`, served with a Content-Security-Policy of their own (no inline script or style: the
style sheet comes from `aucote/web/static`, served under `/static`) and never cached."""

from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from aucote.api.context import settings_of
from aucote.model.access import Principal

STATIC_URL: Final = "/static"
PAGE_POLICY: Final = "; ".join(
    (
        "default-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    )
)
"""Pages load only from here, post forms only here, run no inline script or style, are never framed."""
PAGE_HEADERS: Final = {"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-store"}


@cache
def templates() -> Environment:
    """The templates (loaded on first use)."""
    return Environment(
        loader=PackageLoader("aucote", "web/templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def static_files() -> StaticFiles:
    """The app's static files (the style sheet, the icon)."""
    return StaticFiles(packages=[("aucote", "web/static")])


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    user: Principal | None = None,
    csrf_token: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The page `template` with `context`, the URL prefix (`prefix`), the logged-in `user` and the
    session's `csrf_token` for its forms."""
    values = {"prefix": settings_of(request).prefix, "user": user, "csrf_token": csrf_token, **context}
    page = templates().get_template(template).render(values)
    return HTMLResponse(page, status, PAGE_HEADERS)
