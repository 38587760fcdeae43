"""`aucote service`: migrate, serve the API and scan forever on schedule."""

import asyncio
import logging
from typing import Annotated

import typer
from rich.console import Console

from aucote.catalog.errors import CatalogError
from aucote.catalog.loader import load_catalog
from aucote.cli.api_options import api_url
from aucote.cli.exposure import refuse_unprotected
from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.scheduling.api_process import listen
from aucote.scheduling.service import AucoteService
from aucote.service_logging import LogFormat, configure_logging
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.tools.child_watcher import watch_children_with_pidfd


def register(app: typer.Typer) -> None:
    """Add the `service` command."""
    app.command("service")(service_command)


LogFormatOption = Annotated[
    LogFormat,
    typer.Option(
        help="text: one readable line per record; json: one JSON object per line with scan and task ids."
    ),
]


def service_command(
    config: ConfigOption = None, db: DatabaseOption = None, log_format: LogFormatOption = "text"
) -> None:
    """Run as a service: the API plus every enabled scanner on its schedule (SIGTERM stops,
    SIGHUP reloads the configuration)."""
    loaded = load_or_exit(config, db)
    configure_logging(loaded.settings.logging.level, log_format)
    try:
        catalog = load_catalog()
    except CatalogError as error:
        fail(str(error))
    engine = open_engine(loaded.database_url)
    upgrade(engine)
    api = loaded.settings.service.api
    refuse_unprotected(loaded, api.v1.host, engine)
    try:
        listener = listen(api.v1.host, api.v1.port)
    except OSError as error:
        fail(f"cannot listen on {api.v1.host}:{api.v1.port} (service.api.v1.host/port): {error}")
    where = f"Aucote service: API on {api_url(api, api.v1.host, api.v1.port)}/"
    if log_format == "json":
        logging.getLogger("aucote.service").info("%s", where)
    else:
        Console(stderr=True).print(where)
    watch_children_with_pidfd()
    asyncio.run(
        AucoteService(loaded, engine, catalog, config_path=config, log_format=log_format).run(listener)
    )
