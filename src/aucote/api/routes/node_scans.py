"""`/api/v1/nodes`, `/api/v1/node/{id}`: node scans."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.filters import NodeScanParameters
from aucote.api.render.node_scans import node_scan, node_scan_detail
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.node_scans import NodeScanDetail, NodeScanList
from aucote.model.access import Role
from aucote.storage.queries import node_scans as stored

LIST = ("/api/v1/nodes",)
ITEM = ("/api/v1/node/{id:int}", "/api/v1/nodes/{id:int}")


def list_node_scans(api: ApiDep, parameters: Annotated[NodeScanParameters, Query()]) -> Response:
    """Node scans, newest first."""
    window = parameters.window()
    with api.connect() as connection:
        page = stored.list_node_scans(connection, parameters.where(), window)
    body = NodeScanList(
        nodes=[node_scan(row, api.links) for row in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


def get_node_scan(api: ApiDep, id: int) -> Response:
    """A node scan with the last scans of its node."""
    with api.connect() as connection:
        row = stored.get_node_scan(connection, id)
        if row is None:
            raise NotFound("Node scan")
        history = stored.scans_of_node(connection, row.node.id)
    return json_response(node_scan_detail(row, history, api.links, api.meta()))


def router() -> APIRouter:
    """The node scan endpoints."""
    routes = APIRouter(tags=["node scans"])
    add_get(routes, LIST, list_node_scans, NodeScanList, role=Role.VIEWER)
    add_get(routes, ITEM, get_node_scan, NodeScanDetail, parameters=False, role=Role.VIEWER)
    return routes
