"""`aucote serve`: the REST API alone over a database (no scanning)."""

from typing import Annotated

import typer
from rich.console import Console

from aucote.api.access.password import PasswordHash
from aucote.api.login.options import login_options
from aucote.api.server import serve
from aucote.api.stored_scanners import StoredScanners
from aucote.cli.api_options import api_url, tls_files
from aucote.cli.exposure import refuse_unprotected
from aucote.cli.options import ConfigOption, DatabaseOption, load_or_exit
from aucote.config.settings import Settings
from aucote.live.health import FixedHealth
from aucote.live.views import ScannerView
from aucote.scheduling.spec import spec_of
from aucote.scheduling.views import configured_scanners
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade


def register(app: typer.Typer) -> None:
    """Add the `serve` command."""
    app.command("serve")(serve_command)


def serve_command(
    config: ConfigOption = None,
    db: DatabaseOption = None,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default: service.api.v1.host).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on (default: service.api.v1.port).")
    ] = None,
) -> None:
    """Serve the REST API over the database (migrating it first)."""
    settings = load_or_exit(config, db)
    api = settings.settings.service.api
    engine = open_engine(settings.database_url)
    upgrade(engine)
    host, port = host or api.v1.host, port or api.v1.port
    refuse_unprotected(settings, host, engine)
    Console().print(f"Aucote API on {api_url(api, host, port)}/sec_scans")
    scanners = StoredScanners(engine, scanner_views(settings.settings))
    serve(
        engine,
        host,
        port,
        path_prefix=api.path,
        log_level=settings.settings.logging.level,
        scanners=scanners,
        tls=tls_files(api),
        trusted_proxies=api.trusted_proxies,
        login=login_options(api.sessions, api.login),
        password_hash=configured(api.password),
        public_read=api.public_read,
        public_metrics=settings.settings.service.metrics.public,
        health=FixedHealth(settings.settings.cve.max_age),
    )


def configured(password: str | None) -> PasswordHash:
    """service.api.password as read at start (`aucote serve` does not reload its configuration)."""

    async def password_hash() -> str | None:
        return password

    return password_hash


def scanner_views(settings: Settings) -> list[ScannerView]:
    """The configured scanners (the API adds the stored scans' scanners and their history)."""
    active = settings.portdetection.active_scanners()
    return configured_scanners(spec_of(name, scanner) for name, scanner in active.items())
