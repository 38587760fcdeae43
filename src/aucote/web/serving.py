"""The steps every page takes once its guard let the viewer through (`access.page_guard`): read
its query, build its view over one database connection, render it in the layout; a bad parameter
is a 400 page naming it, an unknown item a 404 page."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.context import settings_of
from aucote.web.access import viewer_of
from aucote.web.layout import Section, error_page, render
from aucote.web.query import BadParameter, read_query
from aucote.web.viewer import Viewer

QueryT = TypeVar("QueryT", bound=BaseModel)
Build = Callable[[Connection, QueryT, str], Any]


class Missing(Exception):
    """The item a page shows does not exist (a 404 page saying what)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


async def serve_page(
    request: Request,
    model: type[QueryT],
    build: Build[QueryT],
    template: str,
    section: Section | None,
    *,
    form: object = None,
    status: int = 200,
) -> Response:
    """Read the query as `model`, build the view (`build(connection, query, prefix)`) in a worker
    thread and render it as `view` in `template` with `form` (a posted form shown again with its
    error, None for a plain GET) and `status`."""
    viewer = viewer_of(request)
    page = Page(template=template, section=section, form=form, status=status)
    return await run_in_threadpool(_page, request, viewer, model, build, page)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """How a view is rendered: its template, the navigation's section, the form shown again, status."""

    template: str
    section: Section | None
    form: object
    status: int


def _page(
    request: Request, viewer: Viewer, model: type[QueryT], build: Build[QueryT], page: Page
) -> Response:
    settings = settings_of(request)
    try:
        query = read_query(request, model)
        with settings.engine.connect() as connection:
            view = build(connection, query, settings.prefix)
    except BadParameter as bad:
        return error_page(request, 400, "Bad request", bad.message, viewer)
    except Missing as missing:
        return error_page(request, 404, "Not found", f"{missing.what} not found.", viewer)
    return render(
        request, viewer, page.template, page.section, {"view": view, "form": page.form}, page.status
    )
