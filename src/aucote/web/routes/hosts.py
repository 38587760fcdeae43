"""`GET /hosts` (the search) and `GET /hosts/{address}` (a host's page)."""

from fastapi import APIRouter, Depends
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from aucote.model.access import Role
from aucote.web.access import page_guard
from aucote.web.layout import Section
from aucote.web.params import HostsQuery, NoQuery
from aucote.web.serving import serve_page
from aucote.web.views.host import HostView, host_view
from aucote.web.views.hosts import PATH, hosts_view

READ = [Depends(page_guard(Role.VIEWER))]


async def hosts_page(request: Request) -> Response:
    """A page of hosts."""
    return await serve_page(request, HostsQuery, hosts_view, "hosts.html", Section.HOSTS)


async def host_page(request: Request, address: str) -> Response:
    """One host."""

    def build(connection: Connection, _query: NoQuery, _prefix: str) -> HostView:
        return host_view(connection, address)

    return await serve_page(request, NoQuery, build, "host.html", Section.HOSTS)


def router() -> APIRouter:
    """The hosts' routes."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(PATH, hosts_page, methods=["GET"], dependencies=READ)
    routes.add_api_route(PATH + "/{address}", host_page, methods=["GET"], dependencies=READ)
    return routes
