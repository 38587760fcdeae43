"""A worker: takes jobs from its zone's queue and runs them, `concurrency` at once; records
itself and a heartbeat; on SIGTERM (or cancellation) stops taking jobs and gives the running ones
`workers.drain_grace` to finish, then aborts them, and procrastinate hands them back to the queue
for another worker."""

import asyncio
import contextlib
import os
import socket
import time
from importlib.metadata import PackageNotFoundError, version

import procrastinate
from sqlalchemy import Engine

from aucote.catalog.catalog import Catalog
from aucote.checks.registry import build_checks
from aucote.config.settings import Settings
from aucote.config.workers import WorkersSettings
from aucote.engine.from_settings import base_options
from aucote.engine.targets import TargetSet
from aucote.model.zones import queue_of
from aucote.queue.app import KIT
from aucote.queue.kit import WorkerKit
from aucote.storage.queries.cves import StoredCveLookup
from aucote.storage.repository import queue_workers
from aucote.storage.repository.queue_workers import NewWorker
from aucote.tools.cpus import tool_cpus
from aucote.tools.parent_death import dying_with_parent
from aucote.tools.runner import Runner, runner_on

POLL_SECONDS = 1.0
"""Fallback polling for new jobs and abort requests (LISTEN/NOTIFY is the fast path)."""


def default_name(zone: str) -> str:
    """`<host>-<zone>-<pid>`."""
    return f"{socket.gethostname()}-{zone}-{os.getpid()}"


def aucote_version() -> str:
    try:
        return version("aucote")
    except PackageNotFoundError:
        return "unknown"


def make_kit(
    settings: Settings,
    engine: Engine,
    catalog: Catalog,
    *,
    name: str,
    zone: str,
    runner: Runner | None = None,
) -> WorkerKit:
    """A worker's means from its own settings; tools die with the worker."""
    if runner is None:
        runner = dying_with_parent(runner_on(tool_cpus(settings.service.scans.reserved_cpus)))
    return WorkerKit(
        engine=engine,
        options=base_options(settings, TargetSet((), ())),
        catalog=catalog,
        checks=build_checks(catalog, StoredCveLookup(engine)),
        runner=runner,
        name=name,
        zone=zone,
        clock=time.time,
        max_attempts=settings.workers.max_attempts,
    )


async def run_worker(
    app: procrastinate.App,
    kit: WorkerKit,
    settings: WorkersSettings,
    *,
    concurrency: int,
    install_signal_handlers: bool = True,
) -> None:
    """Work until SIGTERM/SIGINT (with `install_signal_handlers`) or cancellation; drain first."""
    worker = NewWorker(
        name=kit.name,
        zone=kit.zone,
        host=socket.gethostname(),
        version=aucote_version(),
        pid=os.getpid(),
        lost_after=settings.stalled_after,
    )
    await kit.db(lambda c: queue_workers.register(c, worker, kit.clock()))
    beating = asyncio.create_task(_beat(kit, settings.heartbeat))
    try:
        await app.run_worker_async(
            queues=[queue_of(kit.zone)],
            name=kit.name,
            concurrency=concurrency,
            shutdown_graceful_timeout=settings.drain_grace,
            update_heartbeat_interval=settings.heartbeat,
            stalled_worker_timeout=settings.stalled_after,
            fetch_job_polling_interval=POLL_SECONDS,
            abort_job_polling_interval=POLL_SECONDS,
            additional_context={KIT: kit},
            install_signal_handlers=install_signal_handlers,
        )
    finally:
        beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beating
        await kit.db(lambda c: queue_workers.stopped(c, kit.name, kit.clock()))


async def _beat(kit: WorkerKit, period: float) -> None:
    while True:
        await asyncio.sleep(period)
        with contextlib.suppress(Exception):  # the database restarting: the next beat will do
            await kit.db(lambda c: queue_workers.heartbeat(c, kit.name, kit.clock()))
