"""`POST /scanners/{name}/start` and `/stop`: the operators' buttons on the scanners page. The
form must come from an operator (the route's guard: else the login page, or a 403 page) and carry
the session's CSRF token (else a 403 page); the service's controller is then called as the control
API calls it, the call audited with its answer as the detail, and the browser sent back to the
scanners page with what came of it (303)."""

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from aucote.api.access.audit import audit
from aucote.api.context import settings_of
from aucote.live.control import Controller
from aucote.model.access import AuditAction, Role
from aucote.web.access import page_guard, viewer_of
from aucote.web.forms import form_refusal
from aucote.web.layout import error_page
from aucote.web.urls import href

NOTICES = {"started", "stopping", "running", "idle", "disabled", "unknown"}
NO_SERVICE = "Scanners are started and stopped by `aucote service`; none runs here."


async def start_scanner(request: Request, name: str) -> Response:
    """Start a run of the scanner now."""
    return await _control(request, name, AuditAction.SCANNER_START, lambda control: control.start(name))


async def stop_scanner(request: Request, name: str) -> Response:
    """Cancel the scanner's running scan."""
    return await _control(request, name, AuditAction.SCANNER_STOP, lambda control: control.stop(name))


async def _control(
    request: Request, name: str, action: AuditAction, act: Callable[[Controller], Awaitable[str]]
) -> Response:
    viewer = viewer_of(request)
    refusal = await form_refusal(request, viewer)
    if refusal is not None:
        return refusal
    settings = settings_of(request)
    if settings.control is None:
        return error_page(request, 503, "No service", NO_SERVICE, viewer)
    result = await act(settings.control)
    await audit(request, action, name, result)
    notice = {"notice": result if result in NOTICES else None, "scanner": name}
    return RedirectResponse(href(settings.prefix, "/scanners", notice), 303)


def router() -> APIRouter:
    """The control buttons' routes."""
    routes = APIRouter(include_in_schema=False)
    operate = [Depends(page_guard(Role.OPERATOR))]
    routes.add_api_route("/scanners/{name}/start", start_scanner, methods=["POST"], dependencies=operate)
    routes.add_api_route("/scanners/{name}/stop", stop_scanner, methods=["POST"], dependencies=operate)
    return routes
