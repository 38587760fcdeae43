"""`/api/v1/scans`, `/api/v1/scan/{id}`."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.filters import ScanParameters
from aucote.api.render.common import scan
from aucote.api.render.scans import scan_detail
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.scans import ScanDetail, ScanList
from aucote.model.access import Role
from aucote.storage.queries import scans as stored

LIST = ("/api/v1/scans",)
ITEM = ("/api/v1/scan/{id:int}", "/api/v1/scans/{id:int}")


def list_scans(api: ApiDep, parameters: Annotated[ScanParameters, Query()]) -> Response:
    """Scans, newest first."""
    window = parameters.window()
    with api.connect() as connection:
        page = stored.list_scans(connection, parameters.where(), window)
    body = ScanList(
        scans=[scan(row, api.links) for row in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


def get_scan(api: ApiDep, id: int) -> Response:
    """A scan with its status, counts and links to its rows."""
    with api.connect() as connection:
        summary = stored.get_scan(connection, id)
    if summary is None:
        raise NotFound("Scan")
    return json_response(scan_detail(summary, api.links, api.meta()))


def router() -> APIRouter:
    """The scan endpoints."""
    routes = APIRouter(tags=["scans"])
    add_get(routes, LIST, list_scans, ScanList, role=Role.VIEWER)
    add_get(routes, ITEM, get_scan, ScanDetail, parameters=False, role=Role.VIEWER)
    return routes
