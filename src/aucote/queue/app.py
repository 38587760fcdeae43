"""The procrastinate App of an installation: its connector on Aucote's PostgreSQL database, the
two tasks (host, checks) with their retries, and procrastinate's schema applied when missing."""

import contextlib
import logging
from typing import Any, cast

import procrastinate
from procrastinate.job_context import JobContext
from sqlalchemy.engine import make_url

from aucote.config.workers import WorkersSettings
from aucote.model.status import CheckReason
from aucote.queue import work
from aucote.queue.jobs import CheckJob, HostJob
from aucote.queue.kit import WorkerKit
from aucote.queue.writes import failed_for_good
from aucote.storage.repository.queue_jobs import LeaseLost

HOST_TASK = "aucote.host"
CHECKS_TASK = "aucote.checks"
KIT = "aucote"
SCHEMA_LOCK = 0x6175636F7465
"""The advisory lock key ("aucote") taken while procrastinate's schema is checked and applied."""

log = logging.getLogger("aucote.queue")


def conninfo(database_url: str) -> str:
    """The libpq URL of an SQLAlchemy PostgreSQL URL."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError(f"the job queue needs PostgreSQL, not {url.get_backend_name()}")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(database_url: str, settings: WorkersSettings) -> procrastinate.App:
    """The App with Aucote's tasks; open it with `open_async()`."""
    connector = procrastinate.PsycopgConnector(conninfo=conninfo(database_url), min_size=1, max_size=8)
    app = procrastinate.App(connector=connector)
    retry = procrastinate.RetryStrategy(max_attempts=settings.max_attempts - 1, wait=0)
    app.task(name=HOST_TASK, pass_context=True, retry=retry)(host_task)
    app.task(name=CHECKS_TASK, pass_context=True, retry=retry)(checks_task)
    return app


async def ensure_schema(app: procrastinate.App) -> None:
    """Apply procrastinate's schema of the installed version when the database has none. One
    transaction holding an advisory lock: a service and workers starting together on a new
    database take turns, and only the first applies it (two at once failed on its types)."""
    connector = cast(procrastinate.PsycopgConnector, app.connector)
    async with connector.pool.connection() as connection, connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        found = await (await connection.execute("SELECT to_regclass('procrastinate_jobs')")).fetchone()
        if found is None or found[0] is None:
            await connection.execute(app.schema_manager.get_schema())


async def host_task(context: JobContext, job: dict[str, Any]) -> None:
    """Port scan and service detection of one host."""
    parsed = HostJob.from_json(job)
    await _attempt(context, parsed.key, lambda kit, lease: work.run_host(kit, parsed, lease))


async def checks_task(context: JobContext, job: dict[str, Any]) -> None:
    """A batch of checks on one port."""
    parsed = CheckJob.from_json(job)
    await _attempt(context, parsed.key, lambda kit, lease: work.run_checks(kit, parsed, lease))


async def _attempt(context: JobContext, key: str, body: Any) -> None:
    kit: WorkerKit = context.additional_context[KIT]
    lease = await work.take(kit, key)
    if lease is None:
        log.info("job %s is already finished: nothing to do", key)
        return
    try:
        await body(kit, lease)
    except LeaseLost as error:
        log.warning("%s: results refused", error)
    except Exception as error:
        if context.job.attempts + 1 >= kit.max_attempts:
            detail = f"attempt {context.job.attempts + 1}: {type(error).__name__}: {error}"
            with contextlib.suppress(LeaseLost):
                await kit.db(lambda c: failed_for_good(c, lease, CheckReason.JOB_FAILED, detail, kit.clock()))
        raise
