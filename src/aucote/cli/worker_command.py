"""`aucote worker --zone NAME`: take the zone's jobs from the queue on PostgreSQL and run them
(docs/workers.md). SIGTERM drains: running jobs get `workers.drain_grace`, then go back to the
queue."""

import asyncio
from typing import Annotated

import procrastinate
import typer
from rich.console import Console

from aucote.catalog.errors import CatalogError
from aucote.catalog.loader import load_catalog
from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.config.settings import Settings
from aucote.model.zones import DEFAULT_ZONE
from aucote.queue.app import ensure_schema, make_app
from aucote.queue.kit import WorkerKit
from aucote.queue.worker import default_name, make_kit, run_worker
from aucote.service_logging import configure_logging
from aucote.storage.database import open_engine
from aucote.storage.migrate import current_revision, head_revision
from aucote.tools.child_watcher import watch_children_with_pidfd

ZoneOption = Annotated[str, typer.Option("--zone", help="The zone whose jobs this worker runs.")]
ConcurrencyOption = Annotated[
    int, typer.Option("--concurrency", min=1, max=1000, help="Jobs run at once.", show_default=True)
]
NameOption = Annotated[
    str | None, typer.Option("--name", help="Worker name (default: <host>-<zone>-<pid>).", show_default=False)
]


def register(app: typer.Typer) -> None:
    """Add the `worker` command."""
    app.command("worker")(worker_command)


def worker_command(
    zone: ZoneOption = DEFAULT_ZONE,
    concurrency: ConcurrencyOption = 10,
    name: NameOption = None,
    config: ConfigOption = None,
    db: DatabaseOption = None,
) -> None:
    """Run the jobs of one zone (needs the PostgreSQL database of the service)."""
    loaded = load_or_exit(config, db)
    settings = loaded.settings
    configure_logging(settings.logging.level)
    if zone != DEFAULT_ZONE and zone not in settings.workers.zones:
        known = ", ".join([DEFAULT_ZONE, *settings.workers.zones])
        fail(f"--zone {zone}: no such zone in workers.zones (known: {known})")
    try:
        catalog = load_catalog()
        queue = make_app(loaded.database_url, settings.workers)
    except (CatalogError, ValueError) as error:
        fail(str(error))
    engine = open_engine(loaded.database_url)
    if current_revision(engine) != head_revision(engine):
        fail("the database schema is not current: run `aucote db upgrade` (or start the service) first")
    kit = make_kit(settings, engine, catalog, name=name or default_name(zone), zone=zone)
    Console(stderr=True).print(f"Aucote worker {kit.name}: zone {zone}, {concurrency} job(s) at once")
    watch_children_with_pidfd()
    asyncio.run(_work(queue, kit, settings, concurrency))


async def _work(queue: procrastinate.App, kit: WorkerKit, settings: Settings, concurrency: int) -> None:
    async with queue.open_async():
        await ensure_schema(queue)
        await run_worker(queue, kit, settings.workers, concurrency=concurrency)
