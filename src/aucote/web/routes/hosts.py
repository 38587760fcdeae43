"""`GET /hosts`: the search (a host's own pages are in `host`)."""

from fastapi import APIRouter

from aucote.web.layout import Section
from aucote.web.params import HostsQuery
from aucote.web.routes.listing import Listing, list_router
from aucote.web.views.hosts import PATH, hosts_view

HOSTS = Listing(path=PATH, section=Section.HOSTS, query=HostsQuery, view=hosts_view, template="hosts.html")


def router() -> APIRouter:
    """The hosts' routes."""
    return list_router(HOSTS)
