"""`GET /hosts` (the search) and `GET /hosts/{address}` (a host's page)."""

from fastapi import APIRouter
from sqlalchemy import Connection

from aucote.web.layout import Section
from aucote.web.params import HostsQuery, NoQuery
from aucote.web.routes.listing import Listing, list_router
from aucote.web.views.host import HostView, host_view
from aucote.web.views.hosts import PATH, hosts_view


def _host(connection: Connection, address: str, _query: NoQuery, _prefix: str, _now: float) -> HostView:
    return host_view(connection, address)


HOSTS = Listing(
    path=PATH,
    section=Section.HOSTS,
    query=HostsQuery,
    view=hosts_view,
    template="hosts.html",
    item="address",
    item_query=NoQuery,
    item_view=_host,
    item_template="host.html",
)


def router() -> APIRouter:
    """The hosts' routes."""
    return list_router(HOSTS)
