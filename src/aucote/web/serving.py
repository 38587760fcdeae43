"""The steps every page takes: read its query, build its view over one database connection, render
it in the layout; a bad parameter is a 400 page naming it, an unknown item a 404 page."""

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.context import settings_of
from aucote.web.layout import Section, error_page, render
from aucote.web.query import BadParameter, read_query

QueryT = TypeVar("QueryT", bound=BaseModel)


class Missing(Exception):
    """The item a page shows does not exist (a 404 page saying what)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def serve_page(
    request: Request,
    model: type[QueryT],
    build: Callable[[Connection, QueryT, str], Any],
    template: str,
    section: Section | None,
) -> Response:
    """Read the query as `model`, build the view (`build(connection, query, prefix)`), render it
    as `view` in `template`. Blocking: FastAPI runs synchronous endpoints in its thread pool."""
    settings = settings_of(request)
    try:
        query = read_query(request, model)
        with settings.engine.connect() as connection:
            view = build(connection, query, settings.prefix)
    except BadParameter as bad:
        return error_page(request, 400, "Bad request", bad.message)
    except Missing as missing:
        return error_page(request, 404, "Not found", f"{missing.what} not found.")
    return render(request, template, section, {"view": view})
