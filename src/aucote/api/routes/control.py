"""The control endpoints: `POST /api/v1/kill` (admin), `POST /api/v1/scanner/{name}/start` and
`/stop` (operator). The role rule refuses other callers first (401/403); the controller (the
service) is then called on the event loop, where its state lives, and each call is audited with
the controller's answer as its detail (`started`, `running`, `disabled`, `unknown`, `stopping`,
`idle`)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.access.audit import audit
from aucote.api.context import Api, ApiDep
from aucote.api.errors import ApiError, NotFound
from aucote.api.responses import json_response
from aucote.api.routing import add_route
from aucote.api.schemas.common import Error
from aucote.api.schemas.control import Accepted
from aucote.live.control import Controller
from aucote.model.access import AuditAction, Role

KILL = ("/api/v1/kill",)
START = ("/api/v1/scanner/{name}/start", "/api/v1/scanners/{name}/start")
STOP = ("/api/v1/scanner/{name}/stop", "/api/v1/scanners/{name}/stop")
ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"model": Error, "description": "The scanner is disabled, already running or not running"},
    503: {"model": Error, "description": "No service runs here (the API alone over a database)"},
}


async def controller(api: ApiDep) -> Controller:
    """Dependency: the service's controller (503 when the API runs without a service)."""
    if api.settings.control is None:
        raise ApiError(503, "Service control is not available")
    return api.settings.control


ControlDep = Annotated[Controller, Depends(controller)]


def accepted(api: Api, code: str) -> Response:
    """A 202 answer."""
    return json_response(Accepted(code=code, meta=api.meta()), 202)


async def kill(request: Request, api: ApiDep, control: ControlDep) -> Response:
    """Stop the service gracefully, once this answer is sent."""
    await audit(request, AuditAction.SERVICE_KILL, None)
    response = accepted(api, "Shutting down")
    response.background = BackgroundTask(_shutdown, control)
    return response


async def start_scanner(request: Request, api: ApiDep, control: ControlDep, name: str) -> Response:
    """Start a run of the scanner now (like a cron fire)."""
    result = await control.start(name)
    await audit(request, AuditAction.SCANNER_START, name, result)
    if result == "unknown":
        raise NotFound("Scanner")
    if result == "running":
        raise ApiError(409, "Scanner is already running")
    if result == "disabled":
        raise ApiError(409, "Scanner is disabled")
    return accepted(api, "Scan started")


async def stop_scanner(request: Request, api: ApiDep, control: ControlDep, name: str) -> Response:
    """Cancel the scanner's running scan (it ends CANCELLED)."""
    result = await control.stop(name)
    await audit(request, AuditAction.SCANNER_STOP, name, result)
    if result == "unknown":
        raise NotFound("Scanner")
    if result == "idle":
        raise ApiError(409, "Scanner is not running")
    return accepted(api, "Scan stopping")


async def _shutdown(control: Controller) -> None:
    await control.shutdown()


def router() -> APIRouter:
    """The control endpoints."""
    routes = APIRouter(tags=["control"])
    rules = (
        (KILL, kill, Role.ADMIN),
        (START, start_scanner, Role.OPERATOR),
        (STOP, stop_scanner, Role.OPERATOR),
    )
    for paths, endpoint, role in rules:
        add_route(
            routes,
            paths,
            endpoint,
            Accepted,
            role=role,
            method="POST",
            status_code=202,
            parameters=False,
            errors=ERRORS,
        )
    return routes
