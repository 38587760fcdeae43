"""Serving the API with uvicorn."""

import uvicorn
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.api.login.options import LoginOptions
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
    login: LoginOptions | None = None,
) -> None:
    """Run the API until interrupted (blocks). `log_level` is a logging level name, any case."""
    app = create_app(engine, path_prefix=path_prefix, scanners=scanners, tasks=tasks, login=login)
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), proxy_headers=False, access_log=False)
