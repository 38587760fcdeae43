"""The hosts list: a page of hosts for the search, links to the neighbour pages, export links."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.storage.queries.hosts import ORDER, HostRow, list_hosts
from aucote.storage.queries.keyset import Cursor, parse_cursor
from aucote.web.exports import ExportLinks, host_exports
from aucote.web.params import HostsQuery
from aucote.web.query import BadParameter
from aucote.web.urls import QueryValue
from aucote.web.views.findings import Pager, pager

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
    cursor = _cursor(query)
    page = list_hosts(connection, query.where(), cursor, query.limit)
    values = query.model_dump(exclude_defaults=True, exclude={"after", "before"}, mode="json")
    kept: dict[str, QueryValue] = {name: value for name, value in values.items() if value is not None}
    return HostsView(
        query=query,
        rows=page.rows,
        pager=pager(prefix, PATH, kept, cursor, page.next, page.previous),
        exports=host_exports(prefix, query),
    )


def _cursor(query: HostsQuery) -> Cursor | None:
    for name, text, backwards in (("after", query.after, False), ("before", query.before, True)):
        if text is not None:
            try:
                return parse_cursor(text, ORDER, backwards=backwards)
            except ValueError as error:
                raise BadParameter(name, str(error)) from None
    return None
