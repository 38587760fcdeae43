"""The control endpoints (bearer token): `POST /api/v1/kill`, `POST /api/v1/scanner/{name}/start`
and `/stop`. The token is checked against the configured hash (off the event loop: a KDF is slow);
the controller (the service) is then called on the event loop, where its state lives."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Security
from fastapi.security import HTTPBearer
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.auth import bearer_token, token_matches
from aucote.api.context import Api, ApiDep
from aucote.api.errors import ApiError, NotFound
from aucote.api.responses import json_response
from aucote.api.routing import add_route
from aucote.api.schemas.common import Error
from aucote.api.schemas.control import Accepted
from aucote.live.control import Controller

KILL = ("/api/v1/kill",)
START = ("/api/v1/scanner/{name}/start", "/api/v1/scanners/{name}/start")
STOP = ("/api/v1/scanner/{name}/stop", "/api/v1/scanners/{name}/stop")
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Error, "description": "No token, a wrong one, or no token hash configured"},
    409: {"model": Error, "description": "The scanner is disabled, already running or not running"},
    503: {"model": Error, "description": "No service runs here (the API alone over a database)"},
}


async def controller(request: Request, api: ApiDep) -> Controller:
    """Dependency: the service's controller, once the bearer token matched (else 401, then 503)."""
    token = bearer_token(request.headers.get("authorization"))
    stored = await api.settings.password_hash()
    if token is None or not await run_in_threadpool(token_matches, token, stored):
        raise ApiError(401, "Unauthorized", {"WWW-Authenticate": "Bearer"})
    if api.settings.control is None:
        raise ApiError(503, "Service control is not available")
    return api.settings.control


ControlDep = Annotated[Controller, Depends(controller)]


def accepted(api: Api, code: str) -> Response:
    """A 202 answer."""
    return json_response(Accepted(code=code, meta=api.meta()), 202)


async def kill(api: ApiDep, control: ControlDep) -> Response:
    """Stop the service gracefully, once this answer is sent."""
    response = accepted(api, "Shutting down")
    response.background = BackgroundTask(_shutdown, control)
    return response


async def start_scanner(api: ApiDep, control: ControlDep, name: str) -> Response:
    """Start a run of the scanner now (like a cron fire)."""
    result = await control.start(name)
    if result == "unknown":
        raise NotFound("Scanner")
    if result == "running":
        raise ApiError(409, "Scanner is already running")
    if result == "disabled":
        raise ApiError(409, "Scanner is disabled")
    return accepted(api, "Scan started")


async def stop_scanner(api: ApiDep, control: ControlDep, name: str) -> Response:
    """Cancel the scanner's running scan (it ends CANCELLED)."""
    result = await control.stop(name)
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
    bearer = [Security(HTTPBearer(auto_error=False, description="The token hashed in service.api.password"))]
    for paths, endpoint in ((KILL, kill), (START, start_scanner), (STOP, stop_scanner)):
        add_route(
            routes,
            paths,
            endpoint,
            Accepted,
            method="POST",
            status_code=202,
            parameters=False,
            dependencies=bearer,
            errors=ERRORS,
        )
    return routes
