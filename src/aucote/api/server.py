"""Serving the API with uvicorn: over HTTPS when given certificate files, believing X-Forwarded-*
only from the trusted proxies (uvicorn's own proxy-header handling stays off: `create_app` does it),
without uvicorn's `Server` header."""

import ssl
from collections.abc import Sequence
from typing import Any

import uvicorn
from sqlalchemy import Engine

from aucote.api.access.password import PasswordHash
from aucote.api.access.policy import AccessPolicy, is_loopback_host
from aucote.api.app import create_app
from aucote.api.login.options import LoginOptions
from aucote.api.proxies import Network
from aucote.api.tls import TlsFiles, server_context
from aucote.live.health import HealthSource
from aucote.live.views import ScannerSource, TaskSource


def serve(
    engine: Engine,
    host: str,
    port: int,
    *,
    path_prefix: str = "",
    log_level: str = "info",
    scanners: ScannerSource | None = None,
    tasks: TaskSource | None = None,
    tls: TlsFiles | None = None,
    trusted_proxies: Sequence[Network] = (),
    login: LoginOptions | None = None,
    password_hash: PasswordHash | None = None,
    public_read: bool = False,
    public_metrics: bool = False,
    health: HealthSource | None = None,
) -> None:
    """Run the API until interrupted (blocks). `log_level` is a logging level name, any case;
    `password_hash` reads service.api.password, `public_read` is service.api.public_read."""
    app = create_app(
        engine,
        path_prefix=path_prefix,
        scanners=scanners,
        tasks=tasks,
        trusted_proxies=trusted_proxies,
        login=login,
        password_hash=password_hash,
        access=AccessPolicy(
            loopback=is_loopback_host(host), public_read=public_read, public_metrics=public_metrics
        ),
        health=health,
    )
    options = uvicorn_options(server_context(tls) if tls else None)
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), access_log=False, **options)


def uvicorn_options(context: ssl.SSLContext | None) -> dict[str, Any]:
    """Options of uvicorn.Config that both the `serve` command and the service's API process use:
    HTTPS with `context` when given, no proxy headers from uvicorn, no Server header."""
    options: dict[str, Any] = {"proxy_headers": False, "server_header": False}
    if context is not None:
        options["ssl_context_factory"] = lambda _config, _default: context
    return options
