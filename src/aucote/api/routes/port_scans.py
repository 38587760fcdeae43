"""`/api/v1/ports`, `/api/v1/port/{id}`: port scans."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.filters import PortScanParameters
from aucote.api.render.port_scans import port_scan, port_scan_detail
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.port_scans import PortScanDetail, PortScanList
from aucote.model.access import Role
from aucote.storage.queries import port_scans as stored

LIST = ("/api/v1/ports",)
ITEM = ("/api/v1/port/{id:int}", "/api/v1/ports/{id:int}")


def list_port_scans(api: ApiDep, parameters: Annotated[PortScanParameters, Query()]) -> Response:
    """Port scans, newest first."""
    window = parameters.window()
    with api.connect() as connection:
        page = stored.list_port_scans(connection, parameters.where(), window)
    body = PortScanList(
        ports=[port_scan(row, api.links) for row in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


def get_port_scan(api: ApiDep, id: int) -> Response:
    """A port scan with its service and the last scans that found the port open."""
    with api.connect() as connection:
        row = stored.get_port_scan(connection, id)
        if row is None:
            raise NotFound("Port scan")
        history = stored.scans_of_port(connection, row)
    return json_response(port_scan_detail(row, history, api.links, api.meta()))


def router() -> APIRouter:
    """The port scan endpoints."""
    routes = APIRouter(tags=["port scans"])
    add_get(routes, LIST, list_port_scans, PortScanList, role=Role.VIEWER)
    add_get(routes, ITEM, get_port_scan, PortScanDetail, parameters=False, role=Role.VIEWER)
    return routes
