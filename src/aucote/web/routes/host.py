"""`GET /hosts/{address}` (a host's page) and `GET /hosts/{address}/diff` (two scans of it compared)."""

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
from aucote.web.views.host import HostView, host_view
from aucote.web.views.host_diff import DiffQuery, HostDiffView, host_diff_view
from aucote.web.views.hosts import PATH

READ = [Depends(page_guard(Role.VIEWER))]


async def host_page(request: Request, address: str) -> Response:
    """One host, its checks' next due times from the scanners' live state (read on the event loop)."""
    settings = settings_of(request)
    views = await settings.scanners.scanners()

    def build(connection: Connection, _query: NoQuery, _prefix: str) -> HostView:
        return host_view(connection, address, views, settings.clock())

    return await serve_page(request, NoQuery, build, "host.html", Section.HOSTS)


async def host_diff_page(request: Request, address: str) -> Response:
    """Two scans of the host compared (`?from=A&to=B`)."""

    def build(connection: Connection, query: DiffQuery, _prefix: str) -> HostDiffView:
        return host_diff_view(connection, address, query)

    return await serve_page(request, DiffQuery, build, "host_diff.html", Section.HOSTS)


def router() -> APIRouter:
    """A host's routes."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(PATH + "/{address}", host_page, methods=["GET"], dependencies=READ)
    routes.add_api_route(PATH + "/{address}/diff", host_diff_page, methods=["GET"], dependencies=READ)
    return routes
