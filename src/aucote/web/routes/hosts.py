"""`GET /hosts`: the search (a host's own pages are in `host`)."""

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from aucote.model.access import Role
from aucote.web.access import page_guard
from aucote.web.layout import Section
from aucote.web.params import HostsQuery
from aucote.web.serving import serve_page
from aucote.web.views.hosts import PATH, hosts_view

READ = [Depends(page_guard(Role.VIEWER))]


async def hosts_page(request: Request) -> Response:
    """A page of hosts."""
    return await serve_page(request, HostsQuery, hosts_view, "hosts.html", Section.HOSTS)


def router() -> APIRouter:
    """The hosts' routes."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(PATH, hosts_page, methods=["GET"], dependencies=READ)
    return routes
