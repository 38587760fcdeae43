"""`GET /findings`: the findings list (filters, order and page in the URL); `GET /findings/{id}`:
a finding's page."""

from fastapi import APIRouter
from sqlalchemy import Connection

from aucote.web.layout import Section
from aucote.web.params import FindingsQuery, TriageNotice
from aucote.web.routes.listing import Listing, list_router
from aucote.web.views.finding import FindingView, finding_view
from aucote.web.views.findings import PATH, findings_view


def _finding(
    connection: Connection, finding_id: int, query: TriageNotice, _prefix: str, _now: float
) -> FindingView:
    return finding_view(connection, finding_id, query)


FINDINGS = Listing(
    path=PATH,
    section=Section.FINDINGS,
    query=FindingsQuery,
    view=findings_view,
    template="findings.html",
    item="finding_id:int",
    item_query=TriageNotice,
    item_view=_finding,
    item_template="finding.html",
)


def router() -> APIRouter:
    """The findings' routes."""
    return list_router(FINDINGS)
