"""What every page's layout (`base.html`) needs: the URL prefix, the clock's now, the section of
the navigation the page belongs to, and the viewer (name, role, CSRF token for forms)."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from aucote.api.context import settings_of
from aucote.model.access import Role
from aucote.web.pages import render_page
from aucote.web.viewer import NOBODY, Viewer


class Section(StrEnum):
    """The navigation's entries."""

    OVERVIEW = "overview"
    HOSTS = "hosts"
    FINDINGS = "findings"
    SCANNERS = "scanners"
    TOKENS = "tokens"


@dataclass(frozen=True, slots=True, kw_only=True)
class PageContext:
    """The layout's values for one request."""

    prefix: str
    now: float
    section: Section | None
    viewer: Viewer

    @property
    def operator(self) -> bool:
        """Whether the viewer may start and stop scanners."""
        return self.viewer.may(Role.OPERATOR)


def render(
    request: Request,
    viewer: Viewer,
    template: str,
    section: Section | None,
    values: Mapping[str, Any],
    status: int = 200,
) -> HTMLResponse:
    """`template` with `values` and the layout's `page` context."""
    settings = settings_of(request)
    page = PageContext(prefix=settings.prefix, now=settings.clock(), section=section, viewer=viewer)
    return render_page(template, {"page": page, **values}, status)


def error_page(
    request: Request, status: int, title: str, message: str, viewer: Viewer = NOBODY
) -> HTMLResponse:
    """An error as a page of the layout (a bad parameter, an unknown host …)."""
    return render(request, viewer, "error.html", None, {"title": title, "message": message}, status)
