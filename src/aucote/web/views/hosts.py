"""The hosts list: a page of hosts for the search, links to the neighbour pages, export links."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.storage.queries.hosts import ORDER, HostRow, list_hosts
from aucote.web.exports import ExportLinks, host_exports
from aucote.web.paging import Pager, list_page
from aucote.web.params import HostsQuery

PATH = "/hosts"


@dataclass(frozen=True, slots=True, kw_only=True)
class HostsView:
    """What the hosts page shows."""

    query: HostsQuery
    rows: list[HostRow]
    pager: Pager
    exports: ExportLinks


def hosts_view(connection: Connection, query: HostsQuery, prefix: str, _now: float) -> HostsView:
    """The page of hosts the search asks for."""
    where = query.where()
    page = list_page(
        prefix, PATH, query, ORDER, lambda cursor, limit: list_hosts(connection, where, cursor, limit)
    )
    return HostsView(query=query, rows=page.rows, pager=page.pager, exports=host_exports(prefix, query))
