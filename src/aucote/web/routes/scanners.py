"""`GET /scanners` (scanners, tasks, recent scans) and `GET /scans/{id}` (a scan's outcomes)."""

from fastapi import APIRouter, Depends
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.context import settings_of
from aucote.model.access import Role
from aucote.web.access import page_guard
from aucote.web.layout import Section
from aucote.web.params import ScannersQuery, ScanQuery
from aucote.web.serving import serve_page
from aucote.web.views.scan import ScanView, scan_view
from aucote.web.views.scanners import ScannersView, scanners_view

READ = [Depends(page_guard(Role.VIEWER))]


async def scanners_page(request: Request) -> Response:
    """The scanners: their live state read on the event loop, the rest from storage."""
    settings = settings_of(request)
    views, tasks = await settings.scanners.scanners(), await settings.tasks.tasks()

    def build(connection: Connection, query: ScannersQuery, _prefix: str) -> ScannersView:
        return scanners_view(connection, query, views, tasks)

    return await serve_page(request, ScannersQuery, build, "scanners.html", Section.SCANNERS)


async def scan_page(request: Request, scan_id: int) -> Response:
    """One scan."""

    def build(connection: Connection, query: ScanQuery, prefix: str) -> ScanView:
        return scan_view(connection, scan_id, query, prefix)

    return await serve_page(request, ScanQuery, build, "scan.html", Section.SCANNERS)


def router() -> APIRouter:
    """The scanners' and scans' routes."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route("/scanners", scanners_page, methods=["GET"], dependencies=READ)
    routes.add_api_route("/scans/{scan_id:int}", scan_page, methods=["GET"], dependencies=READ)
    return routes
