"""`POST /scanners/{name}/start` and `/stop`: the operators' buttons on the scanners page. The
form must come from a logged-in operator and carry the session's CSRF token; the service's
controller is then called as the control API calls it, and the browser sent back to the scanners
page with what came of it (303)."""

import hmac
from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from aucote.api.context import settings_of
from aucote.live.control import Controller
from aucote.model.access import Role
from aucote.web.layout import error_page
from aucote.web.urls import href
from aucote.web.viewer import Viewer, viewer_of

CSRF_FIELD = "csrf_token"
NOTICES = {"started", "stopping", "running", "idle", "disabled", "unknown"}
NO_SERVICE = "Scanners are started and stopped by `aucote service`; none runs here."


async def start_scanner(request: Request, name: str) -> Response:
    """Start a run of the scanner now."""
    return await _control(request, name, lambda control: control.start(name))


async def stop_scanner(request: Request, name: str) -> Response:
    """Cancel the scanner's running scan."""
    return await _control(request, name, lambda control: control.stop(name))


async def _control(request: Request, name: str, act: Callable[[Controller], Awaitable[str]]) -> Response:
    viewer = viewer_of(request)
    refusal = await _refusal(request, viewer)
    if refusal is not None:
        return refusal
    settings = settings_of(request)
    if settings.control is None:
        return error_page(request, 503, "No service", NO_SERVICE)
    result = await act(settings.control)
    notice = {"notice": result if result in NOTICES else None, "scanner": name}
    return RedirectResponse(href(settings.prefix, "/scanners", notice), 303)


async def _refusal(request: Request, viewer: Viewer) -> Response | None:
    """A 403 page unless an operator posted the form with the session's CSRF token."""
    if not viewer.may(Role.OPERATOR):
        return error_page(request, 403, "Forbidden", "Only operators may start and stop scanners.")
    given = (await request.form()).get(CSRF_FIELD)
    expected = viewer.csrf_token
    if not isinstance(given, str) or expected is None or not hmac.compare_digest(given, expected):
        return error_page(request, 403, "Forbidden", "The form had no valid CSRF token; reload the page.")
    return None


def router() -> APIRouter:
    """The control buttons' routes."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route("/scanners/{name}/start", start_scanner, methods=["POST"])
    routes.add_api_route("/scanners/{name}/stop", stop_scanner, methods=["POST"])
    return routes
