"""The procrastinate App of an installation: its connector on Aucote's PostgreSQL database, the
two tasks (host, checks) with their retries, and procrastinate's schema applied when missing.

The connector's sessions plan every statement for its own values (`plan_cache_mode =
force_custom_plan`): procrastinate fetches a job with a PL/pgSQL function whose cached generic
plan, from a session's sixth fetch on, does not know which queue it looks for and walks every
queued job of every zone. With 300,000 jobs queued in one zone, each fetch of another zone's
worker took 140-340 ms that way, 0.4 ms with custom plans (docs/benchmarks.md, "Workers at
1,000,000 jobs queued")."""

import contextlib
import logging
from typing import Any

import procrastinate
from procrastinate.job_context import JobContext
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy.engine import make_url

from aucote.config.workers import WorkersSettings
from aucote.queue import work
from aucote.queue.jobs import CheckJob, HostJob
from aucote.queue.kit import WorkerKit
from aucote.queue.writes import failed_for_good
from aucote.storage.repository.queue_jobs import LeaseLost

HOST_TASK = "aucote.host"
CHECKS_TASK = "aucote.checks"
KIT = "aucote"
CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan"

log = logging.getLogger("aucote.queue")


def conninfo(database_url: str) -> str:
    """The libpq URL of an SQLAlchemy PostgreSQL URL."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError(f"the job queue needs PostgreSQL, not {url.get_backend_name()}")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def connector(database_url: str) -> procrastinate.PsycopgConnector:
    """A pool of 1-8 sessions planning each statement for its values (any `options` of the URL
    kept)."""
    info = conninfo(database_url)
    given = conninfo_to_dict(info).get("options")
    options = f"{given} {CUSTOM_PLANS}" if given else CUSTOM_PLANS
    return procrastinate.PsycopgConnector(conninfo=info, min_size=1, max_size=8, kwargs={"options": options})


def make_app(database_url: str, settings: WorkersSettings) -> procrastinate.App:
    """The App with Aucote's tasks; open it with `open_async()`."""
    app = procrastinate.App(connector=connector(database_url))
    retry = procrastinate.RetryStrategy(max_attempts=settings.max_attempts - 1, wait=0)
    app.task(name=HOST_TASK, pass_context=True, retry=retry)(host_task)
    app.task(name=CHECKS_TASK, pass_context=True, retry=retry)(checks_task)
    return app


async def ensure_schema(app: procrastinate.App) -> None:
    """Apply procrastinate's schema of the installed version when the database has none."""
    row = await app.connector.execute_query_one_async("SELECT to_regclass('procrastinate_jobs') AS found")
    if row["found"] is None:
        await app.schema_manager.apply_schema_async()


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
                await kit.db(lambda c: failed_for_good(c, lease, "job_failed", detail, kit.clock()))
        raise
