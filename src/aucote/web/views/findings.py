"""The findings list: a page of findings for the query, links to the neighbour pages and to the
other sort orders (same filters), and the export links."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.storage.queries.findings import FindingRow, list_findings, orders
from aucote.web.exports import ExportLinks, finding_exports
from aucote.web.paging import Pager, list_page
from aucote.web.params import FindingsQuery
from aucote.web.urls import href

PATH = "/findings"
SORTS = (("newest", "Newest"), ("oldest", "Oldest"), ("risk", "Risk"), ("host", "Host"), ("cvss", "CVSS"))


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingsView:
    """What the findings page shows."""

    query: FindingsQuery
    rows: list[FindingRow]
    pager: Pager
    sorts: list[tuple[str, str, bool]]
    exports: ExportLinks


def findings_view(connection: Connection, query: FindingsQuery, prefix: str, now: float) -> FindingsView:
    """The page of findings the query asks for (a triage view as of `now`)."""
    where = query.where(now)
    page = list_page(
        prefix,
        PATH,
        query,
        orders()[query.sort],
        lambda cursor, limit: list_findings(connection, where, query.sort, cursor, limit),
    )
    return FindingsView(
        query=query,
        rows=page.rows,
        pager=page.pager,
        sorts=[
            (label, href(prefix, PATH, {**page.kept, "sort": name}), name == query.sort)
            for name, label in SORTS
        ],
        exports=finding_exports(prefix, query),
    )
