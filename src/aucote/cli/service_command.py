"""`aucote service`: migrate, serve the API and scan forever on schedule."""

import asyncio
import logging

import typer
from rich.console import Console

from aucote.catalog.errors import CatalogError
from aucote.catalog.loader import load_catalog
from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.scheduling.service import AucoteService
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade


def register(app: typer.Typer) -> None:
    """Add the `service` command."""
    app.command("service")(service_command)


def service_command(config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """Run as a service: the API plus every enabled scanner on its schedule (SIGTERM stops,
    SIGHUP reloads the configuration)."""
    loaded = load_or_exit(config, db)
    logging.basicConfig(
        level=loaded.settings.logging.level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request the checks make
    try:
        catalog = load_catalog()
    except CatalogError as error:
        fail(str(error))
    engine = open_engine(loaded.database_url)
    upgrade(engine)
    api = loaded.settings.service.api
    Console(stderr=True).print(f"Aucote service: API on http://{api.v1.host}:{api.v1.port}{api.path}/api/v1/")
    asyncio.run(AucoteService(loaded, engine, catalog, config_path=config).run())
