"""The hosts list: a page of hosts for the search, links to the neighbour pages, export links."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.storage.queries.hosts import ORDER, HostRow, list_hosts
from aucote.web.exports import ExportLinks, host_exports
from aucote.web.paging import Pager, kept_values, pager, read_cursor
from aucote.web.params import HostsQuery

PATH = "/hosts"


@dataclass(frozen=True, slots=True, kw_only=True)
class HostsView:
    """What the hosts page shows."""

    query: HostsQuery
    rows: list[HostRow]
    pager: Pager
    exports: ExportLinks


def hosts_view(connection: Connection, query: HostsQuery, prefix: str) -> HostsView:
    """The page of hosts the search asks for."""
    cursor = read_cursor(query, ORDER)
    page = list_hosts(connection, query.where(), cursor, query.limit)
    return HostsView(
        query=query,
        rows=page.rows,
        pager=pager(prefix, PATH, kept_values(query), cursor, page.next, page.previous),
        exports=host_exports(prefix, query),
    )
