"""The API application factory."""

import time
from collections.abc import Callable

from fastapi import FastAPI
from sqlalchemy import Engine

from aucote.api.context import ApiSettings, PasswordHash
from aucote.api.errors import install_error_handlers
from aucote.api.links import normalise_prefix
from aucote.api.routes import (
    changes,
    exploits,
    exports,
    node_scans,
    port_scans,
    scans,
    security_scans,
    vulnerabilities,
)
from aucote.api.routes import control as control_routes
from aucote.api.routes import scanners as scanner_routes
from aucote.api.slashes import TrailingSlash
from aucote.api.stored_scanners import StoredScanners
from aucote.live.control import Controller
from aucote.live.views import IdleTasks, ScannerSource, TaskSource

OPENAPI_URL = "/api/v1/openapi.json"
DOCS_URL = "/api/v1/docs"
ROUTERS = (
    security_scans.router,
    scans.router,
    node_scans.router,
    port_scans.router,
    vulnerabilities.router,
    exploits.router,
    changes.router,
    exports.router,
    scanner_routes.router,
    control_routes.router,
)
DESCRIPTION = "Aucote's scans and findings, the scanners' state and (with a token) control; see docs/api.md."


def create_app(
    engine: Engine,
    *,
    path_prefix: str = "",
    scanners: ScannerSource | None = None,
    tasks: TaskSource | None = None,
    clock: Callable[[], float] = time.time,
    control: Controller | None = None,
    password_hash: PasswordHash | None = None,
) -> FastAPI:
    """The API over `engine`. `path_prefix` (service.api.path) goes into every URL the API writes,
    not into its routes (a reverse proxy strips it); without `scanners` the API shows the scanners
    of the stored scans (`StoredScanners`), without `tasks` an empty task queue. The control
    endpoints need `control` (the service) and a token matching `password_hash()`
    (service.api.password, read at each call); without a hash they refuse every call (401)."""
    app = FastAPI(
        title="Aucote API",
        version="1",
        description=DESCRIPTION,
        openapi_url=OPENAPI_URL,
        docs_url=DOCS_URL,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        redirect_slashes=False,
    )
    prefix = normalise_prefix(path_prefix)
    app.state.settings = ApiSettings(
        engine,
        prefix,
        scanners or StoredScanners(engine),
        tasks or IdleTasks(),
        clock,
        control,
        password_hash or _none,
    )
    for router in ROUTERS:
        app.include_router(router())
    install_error_handlers(app, clock)
    app.add_middleware(TrailingSlash)
    return app


async def _none() -> None:
    return None
