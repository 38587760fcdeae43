"""`/api/v1/changes`, `/api/v1/change/{id}`."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.filters import ChangeParameters
from aucote.api.render.changes import change
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.changes import ChangeDetail, ChangeList
from aucote.model.access import Role
from aucote.storage.queries import changes as stored

LIST = ("/api/v1/changes",)
ITEM = ("/api/v1/change/{id:int}", "/api/v1/changes/{id:int}")


def list_changes(api: ApiDep, parameters: Annotated[ChangeParameters, Query()]) -> Response:
    """Changes, newest first."""
    window = parameters.window()
    with api.connect() as connection:
        page = stored.list_changes(connection, parameters.where(), window)
    body = ChangeList(
        changes=[change(row, api.links) for row in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


def get_change(api: ApiDep, id: int) -> Response:
    """One change."""
    with api.connect() as connection:
        row = stored.get_change(connection, id)
    if row is None:
        raise NotFound("Change")
    return json_response(ChangeDetail(**dict(change(row, api.links)), meta=api.meta()))


def router() -> APIRouter:
    """The change endpoints."""
    routes = APIRouter(tags=["changes"])
    add_get(routes, LIST, list_changes, ChangeList, role=Role.VIEWER)
    add_get(routes, ITEM, get_change, ChangeDetail, parameters=False, role=Role.VIEWER)
    return routes
