"""The findings list: a page of findings for the query (each with its triage), links to the
neighbour pages and to the other sort orders (same filters), the export links, and for the
operators' bulk triage form the address it posts to (this view's query) and what the last one did."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.storage.queries.findings import FindingRow, list_findings, orders
from aucote.web.exports import ExportLinks, finding_exports
from aucote.web.paging import Pager, list_page
from aucote.web.params import FindingsQuery
from aucote.web.triage_form import notice_text
from aucote.web.urls import QueryValue, href

PATH = "/findings"
TRIAGE_PATH = PATH + "/triage"
SORTS = (("newest", "Newest"), ("oldest", "Oldest"), ("risk", "Risk"), ("host", "Host"), ("cvss", "CVSS"))


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingsView:
    """What the findings page shows."""

    query: FindingsQuery
    rows: list[FindingRow]
    pager: Pager
    sorts: list[tuple[str, str, bool]]
    exports: ExportLinks
    triage_action: str
    notice: str | None


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
        triage_action=href(prefix, TRIAGE_PATH, view_values(query)),
        notice=notice_text(query, bulk=True),
    )


def view_values(query: FindingsQuery) -> dict[str, QueryValue]:
    """The view's filters, order, page size and page as URL values (the notice left out): where
    the bulk triage form posts to, and comes back to."""
    values = query.model_dump(exclude_defaults=True, exclude={"triaged", "count"}, mode="json")
    return {name: value for name, value in values.items() if value is not None}
