"""Rendering pages: Jinja2 templates from `aucote/web/templates` (autoescaped: every value from a
scanned host is text, never markup) in the layout of `base.html`, each sent with the page's own
Content-Security-Policy (no inline script or style: the style sheet is served from `/static`) and
never cached."""

from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from aucote.model.protocol import Protocol
from aucote.web import times

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


def protocol_name(number: int | None) -> str:
    """`6` → `TCP`; an unknown number as is."""
    if number is None:
        return ""
    try:
        return Protocol(number).name
    except ValueError:
        return str(number)


@cache
def templates() -> Environment:
    """The templates (loaded on first use), with the time and protocol filters."""
    environment = Environment(
        loader=PackageLoader("aucote", "web/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        stamp=times.stamp,
        iso=times.iso,
        ago=times.ago,
        span=times.span,
        day=times.day,
        protocol=protocol_name,
    )
    environment.globals["duration"] = times.duration
    return environment


def static_files() -> StaticFiles:
    """The pages' static files (style sheet, icon)."""
    return StaticFiles(packages=[("aucote", "web/static")])


def render_page(template: str, values: Mapping[str, Any], status: int = 200) -> HTMLResponse:
    """The page `template` filled with `values` (the layout's included: see `layout.PageContext`)."""
    return HTMLResponse(templates().get_template(template).render(values), status, PAGE_HEADERS)
