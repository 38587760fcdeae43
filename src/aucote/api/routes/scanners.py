"""`/api/v1/scanners`, `/api/v1/scanner/{name}`, `/api/v1/tasks`: live state from the service."""

from fastapi import APIRouter
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.render.scanners import scanner_detail, scanner_link, tasks
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.scanners import ScannerDetail, ScannerList, Tasks
from aucote.model.access import Role

LIST = ("/api/v1/scanners",)
ITEM = ("/api/v1/scanner/{name}", "/api/v1/scanners/{name}")
TASKS = ("/api/v1/tasks",)


async def list_scanners(api: ApiDep) -> Response:
    """Every configured scanner."""
    views = await api.settings.scanners.scanners()
    body = ScannerList(scanners=[scanner_link(view, api.links) for view in views], meta=api.meta())
    return json_response(body)


async def get_scanner(api: ApiDep, name: str) -> Response:
    """One scanner's state."""
    for view in await api.settings.scanners.scanners():
        if view.name == name:
            return json_response(scanner_detail(view, api.meta()))
    raise NotFound("Scanner")


async def get_tasks(api: ApiDep) -> Response:
    """The task queue."""
    return json_response(tasks(await api.settings.tasks.tasks(), api.meta()))


def router() -> APIRouter:
    """The scanner and task endpoints."""
    routes = APIRouter(tags=["scanners and tasks"])
    add_get(routes, LIST, list_scanners, ScannerList, parameters=False, role=Role.VIEWER)
    add_get(routes, ITEM, get_scanner, ScannerDetail, parameters=False, role=Role.VIEWER)
    add_get(routes, TASKS, get_tasks, Tasks, parameters=False, role=Role.VIEWER)
    return routes
