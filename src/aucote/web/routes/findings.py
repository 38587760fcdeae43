"""`GET /findings`: the findings list (filters, order and page in the URL); `GET /findings/{id}`:
a finding's page. `finding_page` serves the latter again for its triage form with an error."""

from fastapi import APIRouter
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from aucote.web.layout import Section
from aucote.web.params import FindingsQuery, TriageNotice
from aucote.web.routes.listing import READ, Listing, list_router
from aucote.web.serving import serve_page
from aucote.web.views.finding import FindingView, finding_view
from aucote.web.views.findings import PATH, findings_view

FINDINGS = Listing(
    path=PATH, section=Section.FINDINGS, query=FindingsQuery, view=findings_view, template="findings.html"
)


async def finding_page(request: Request, *, form: object = None, status: int = 200) -> Response:
    """One finding (`finding_id` of the request's path), with a posted `form` to show again."""
    finding_id: int = request.path_params["finding_id"]

    def build(connection: Connection, query: TriageNotice, _prefix: str) -> FindingView:
        return finding_view(connection, finding_id, query)

    return await serve_page(
        request, TriageNotice, build, "finding.html", Section.FINDINGS, form=form, status=status
    )


async def _finding_endpoint(request: Request, finding_id: int) -> Response:
    """One finding."""
    return await finding_page(request)


def router() -> APIRouter:
    """The findings' routes."""
    routes = list_router(FINDINGS)
    routes.add_api_route(PATH + "/{finding_id:int}", _finding_endpoint, methods=["GET"], dependencies=READ)
    return routes
