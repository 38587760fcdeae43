"""`GET /findings`: the findings list (filters, order and page in the URL)."""

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from aucote.web.layout import Section
from aucote.web.params import FindingsQuery
from aucote.web.serving import serve_page
from aucote.web.views.findings import PATH, findings_view


def findings_page(request: Request) -> Response:
    """A page of findings."""
    return serve_page(request, FindingsQuery, findings_view, "findings.html", Section.FINDINGS)


def router() -> APIRouter:
    """The findings list's route."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(PATH, findings_page, methods=["GET"])
    return routes
