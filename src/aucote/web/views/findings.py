"""The findings list: a page of findings for the query, links to the neighbour pages and to the
other sort orders (same filters), and the export links."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.storage.queries.findings import FindingRow, list_findings, orders
from aucote.storage.queries.keyset import Cursor, parse_cursor
from aucote.web.exports import ExportLinks, finding_exports
from aucote.web.params import FindingsQuery
from aucote.web.query import BadParameter
from aucote.web.urls import QueryValue, href

PATH = "/findings"
SORTS = (("newest", "Newest"), ("oldest", "Oldest"), ("risk", "Risk"), ("host", "Host"), ("cvss", "CVSS"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Pager:
    """Links to the first, previous and next pages (None: no such page)."""

    first: str | None
    previous: str | None
    next: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingsView:
    """What the findings page shows."""

    query: FindingsQuery
    rows: list[FindingRow]
    pager: Pager
    sorts: list[tuple[str, str, bool]]
    exports: ExportLinks


def findings_view(connection: Connection, query: FindingsQuery, prefix: str) -> FindingsView:
    """The page of findings the query asks for."""
    cursor = read_cursor(query)
    page = list_findings(connection, query.where(), query.order(), cursor, query.limit)
    kept = filters_of(query)
    return FindingsView(
        query=query,
        rows=page.rows,
        pager=pager(prefix, PATH, kept, cursor, page.next, page.previous),
        sorts=[
            (label, href(prefix, PATH, {**kept, "sort": name}), name == query.sort) for name, label in SORTS
        ],
        exports=finding_exports(prefix, query),
    )


def read_cursor(query: FindingsQuery) -> Cursor | None:
    """The cursor of `after` or `before` in the query's order (BadParameter when it does not fit)."""
    order = orders()[query.order()]
    for name, text, backwards in (("after", query.after, False), ("before", query.before, True)):
        if text is not None:
            try:
                return parse_cursor(text, order, backwards=backwards)
            except ValueError as error:
                raise BadParameter(name, str(error)) from None
    return None


def filters_of(query: FindingsQuery) -> dict[str, QueryValue]:
    """The query's filters, order and page size as URL values (cursors left out)."""
    values = query.model_dump(exclude_defaults=True, exclude={"after", "before"}, mode="json")
    return {name: value for name, value in values.items() if value is not None}


def pager(
    prefix: str,
    path: str,
    kept: dict[str, QueryValue],
    cursor: Cursor | None,
    following: Cursor | None,
    previous: Cursor | None,
) -> Pager:
    """The links around a keyset page."""
    return Pager(
        first=None if cursor is None else href(prefix, path, kept),
        previous=None if previous is None else href(prefix, path, {**kept, "before": previous.text}),
        next=None if following is None else href(prefix, path, {**kept, "after": following.text}),
    )
