"""`GET /findings`: the findings list (filters, order and page in the URL); `GET /findings/{id}`:
a finding's page."""

from fastapi import APIRouter, Depends
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from aucote.model.access import Role
from aucote.web.access import page_guard
from aucote.web.layout import Section
from aucote.web.params import FindingsQuery, NoQuery
from aucote.web.serving import serve_page
from aucote.web.views.finding import FindingView, finding_view
from aucote.web.views.findings import PATH, findings_view

READ = [Depends(page_guard(Role.VIEWER))]


async def findings_page(request: Request) -> Response:
    """A page of findings."""
    return await serve_page(request, FindingsQuery, findings_view, "findings.html", Section.FINDINGS)


async def finding_page(request: Request, finding_id: int) -> Response:
    """One finding."""

    def build(connection: Connection, _query: NoQuery, _prefix: str) -> FindingView:
        return finding_view(connection, finding_id)

    return await serve_page(request, NoQuery, build, "finding.html", Section.FINDINGS)


def router() -> APIRouter:
    """The findings' routes."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(PATH, findings_page, methods=["GET"], dependencies=READ)
    routes.add_api_route(PATH + "/{finding_id:int}", finding_page, methods=["GET"], dependencies=READ)
    return routes
