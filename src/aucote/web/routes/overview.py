"""`GET /`: the overview."""

from fastapi import APIRouter, Depends
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.context import settings_of
from aucote.model.access import Role
from aucote.web.access import page_guard
from aucote.web.layout import Section
from aucote.web.params import NoQuery
from aucote.web.serving import serve_page
from aucote.web.views.overview import OverviewView, overview_view

READ = [Depends(page_guard(Role.VIEWER))]


async def overview_page(request: Request) -> Response:
    """The overview: the scanners' live state read on the event loop, the rest from storage."""
    settings = settings_of(request)
    views, tasks = await settings.scanners.scanners(), await settings.tasks.tasks()

    def build(connection: Connection, _query: NoQuery, prefix: str) -> OverviewView:
        return overview_view(connection, prefix, settings.clock(), views, tasks)

    return await serve_page(request, NoQuery, build, "overview.html", Section.OVERVIEW)


def router() -> APIRouter:
    """The overview's route."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route("/", overview_page, methods=["GET"], dependencies=READ)
    return routes
