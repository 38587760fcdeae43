"""`/api/v1/sec_scans`, `/api/v1/sec_scan/{id}` and their aliases (the seed documents)."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.filters import SecurityScanItemParameters, SecurityScanParameters
from aucote.api.render.security_scans import security_scan, security_scan_detail
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.security_scans import SecurityScanDetail, SecurityScanList
from aucote.model.access import Role
from aucote.storage.queries import security_scans as stored

LIST = ("/api/v1/sec_scans", "/api/v1/security_scans")
ITEM = (
    "/api/v1/sec_scan/{id:int}",
    "/api/v1/sec_scans/{id:int}",
    "/api/v1/security_scan/{id:int}",
    "/api/v1/security_scans/{id:int}",
)
OUTCOME = "outcome"


def list_security_scans(api: ApiDep, parameters: Annotated[SecurityScanParameters, Query()]) -> Response:
    """Security scans in the order they were recorded (with their outcomes on `include=outcome`)."""
    window = parameters.window()
    with api.connect() as connection:
        page = stored.list_security_scans(connection, parameters.where(), window)
    with_outcome = parameters.include == OUTCOME
    body = SecurityScanList(
        security_scans=[security_scan(row, api.links, with_outcome=with_outcome) for row in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


def get_security_scan(
    api: ApiDep, id: int, parameters: Annotated[SecurityScanItemParameters, Query()]
) -> Response:
    """A security scan with the last 30 scans that ran the same exploit on the same port (and its
    outcome on `include=outcome`)."""
    with api.connect() as connection:
        row = stored.get_security_scan(connection, id)
        if row is None:
            raise NotFound("Security scan")
        history = stored.scans_of_check(connection, row)
    with_outcome = parameters.include == OUTCOME
    return json_response(security_scan_detail(row, history, api.links, api.meta(), with_outcome=with_outcome))


def router() -> APIRouter:
    """The security scan endpoints."""
    routes = APIRouter(tags=["security scans"])
    add_get(routes, LIST, list_security_scans, SecurityScanList, role=Role.VIEWER)
    add_get(routes, ITEM, get_security_scan, SecurityScanDetail, role=Role.VIEWER)
    return routes
