"""Serving the API with uvicorn."""

import uvicorn
from sqlalchemy import Engine

from aucote.api.access.password import PasswordHash
from aucote.api.access.policy import AccessPolicy, is_loopback_host
from aucote.api.app import create_app
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
    password_hash: PasswordHash | None = None,
    public_read: bool = False,
) -> None:
    """Run the API until interrupted (blocks). `log_level` is a logging level name, any case;
    `password_hash` reads service.api.password, `public_read` is service.api.public_read."""
    access = AccessPolicy(loopback=is_loopback_host(host), public_read=public_read)
    app = create_app(
        engine,
        path_prefix=path_prefix,
        scanners=scanners,
        tasks=tasks,
        password_hash=password_hash,
        access=access,
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), proxy_headers=False, access_log=False)
