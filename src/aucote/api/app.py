"""The API application factory."""

import time
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.types import ASGIApp

from aucote.api.access.password import LegacyPassword, PasswordHash
from aucote.api.access.policy import AccessPolicy
from aucote.api.access.presence import UserPresence
from aucote.api.access.state import Access
from aucote.api.context import ApiSettings
from aucote.api.docs_page import docs_endpoint
from aucote.api.errors import install_error_handlers
from aucote.api.links import normalise_prefix
from aucote.api.login.install import install_login
from aucote.api.login.options import LoginOptions
from aucote.api.metrics import ApiMetrics
from aucote.api.proxies import ForwardedHeaders, Network
from aucote.api.readiness import Readiness
from aucote.api.routes import (
    audit,
    changes,
    exploits,
    exports,
    node_scans,
    port_scans,
    scans,
    security_scans,
    triage,
    vulnerabilities,
)
from aucote.api.routes import control as control_routes
from aucote.api.routes import health as health_routes
from aucote.api.routes import metrics as metrics_routes
from aucote.api.routes import scanners as scanner_routes
from aucote.api.routes import workers as workers_routes
from aucote.api.security_headers import SecurityHeaders
from aucote.api.slashes import TrailingSlash
from aucote.api.stored_scanners import StoredScanners
from aucote.live.control import Controller
from aucote.live.health import FixedHealth, HealthSource
from aucote.live.metrics import MetricsSource
from aucote.live.views import IdleTasks, ScannerSource, TaskSource
from aucote.metrics.requests import RequestTimer
from aucote.web.install import install_pages

OPENAPI_URL = "/api/v1/openapi.json"
DOCS_URL = "/api/v1/docs"
ROUTERS = (
    security_scans.router,
    scans.router,
    node_scans.router,
    port_scans.router,
    vulnerabilities.router,
    triage.router,
    exploits.router,
    changes.router,
    exports.router,
    scanner_routes.router,
    control_routes.router,
    audit.router,
    workers_routes.router,
)
DESCRIPTION = (
    "Aucote's scans and findings, the scanners' state, control and the audit log; each operation "
    "says the role it needs (viewer < operator < admin). See docs/api.md."
)
TITLE = "Aucote API"


class AucoteApi(FastAPI):
    """FastAPI with two layers outside Starlette's own error middleware, so that they see every
    request and every response, a 500 included: X-Forwarded-* from trusted proxies
    (`aucote.api.proxies`), then the security headers (`aucote.api.security_headers`)."""

    def __init__(self, trusted_proxies: Sequence[Network], **options: Any) -> None:
        super().__init__(**options)
        self.trusted_proxies = tuple(trusted_proxies)

    def build_middleware_stack(self) -> ASGIApp:
        return ForwardedHeaders(SecurityHeaders(super().build_middleware_stack()), self.trusted_proxies)


def create_app(
    engine: Engine,
    *,
    path_prefix: str = "",
    scanners: ScannerSource | None = None,
    tasks: TaskSource | None = None,
    clock: Callable[[], float] = time.time,
    control: Controller | None = None,
    password_hash: PasswordHash | None = None,
    trusted_proxies: Sequence[Network] = (),
    login: LoginOptions | None = None,
    access: AccessPolicy | None = None,
    health: HealthSource | None = None,
    metrics: MetricsSource | None = None,
) -> FastAPI:
    """The API over `engine`. `path_prefix` (service.api.path) goes into every URL the API writes,
    not into its routes (a reverse proxy strips it); without `scanners` the API shows the scanners
    of the stored scans (`StoredScanners`), without `tasks` an empty task queue. The control
    endpoints need `control` (the service). Every route needs a credential of its role (a user's
    API token, a browser session, or the password hashed in `password_hash()` =
    service.api.password, read at each check) unless `access` (default: a loopback listener,
    public_read off) opens reads. X-Forwarded-* headers count only from `trusted_proxies`
    (service.api.trusted_proxies). `login`: the login page's and browser sessions' options
    (service.api.sessions/login). The dashboard's pages (`aucote.web`) are served at `/` beside
    the API. `/healthz` and `/readyz` are public (`aucote.api.readiness`; `health`: the scanning
    process's view, by default nothing stuck and the CVE data's age not checked). `/metrics` serves
    the app's own metrics, then `metrics` (the scanning process's), to viewers unless
    `access.public_metrics`."""
    app = AucoteApi(
        trusted_proxies,
        title=TITLE,
        version="1",
        description=DESCRIPTION,
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        redirect_slashes=False,
    )
    prefix = normalise_prefix(path_prefix)
    policy = access or AccessPolicy()
    app.state.settings = ApiSettings(
        engine,
        prefix,
        scanners or StoredScanners(engine),
        tasks or IdleTasks(),
        clock,
        control,
        Access(policy, UserPresence(engine), LegacyPassword(password_hash or _none)),
    )
    for router in ROUTERS:
        app.include_router(router())
    app.state.readiness = Readiness(engine, health or FixedHealth(), clock)
    app.include_router(health_routes.router())
    app.state.metrics = ApiMetrics(engine, clock, metrics)
    app.include_router(metrics_routes.router(policy.public_metrics))
    install_login(app, login or LoginOptions())
    app.add_route(DOCS_URL, docs_endpoint(OPENAPI_URL, TITLE), include_in_schema=False)
    install_pages(app)
    install_error_handlers(app, clock)
    app.add_middleware(TrailingSlash)
    app.add_middleware(RequestTimer, histogram=app.state.metrics.requests)
    return app


async def _none() -> None:
    return None
