"""Recovery of jobs whose worker was lost (killed, machine gone, frozen past its lease): run by
the service every heartbeat period. A job of a worker silent for `workers.stalled_after` goes
back to its queue for another worker; on its last attempt it fails for good (`worker_lost`).
procrastinate finds such jobs (`get_stalled_jobs`) but does not act on them itself."""

import logging
from collections.abc import Callable

import procrastinate
from procrastinate import jobs
from procrastinate.manager import JobManager
from sqlalchemy import Engine

from aucote.config.workers import WorkersSettings
from aucote.model.jobs import JobState
from aucote.queue.kit import in_transaction
from aucote.storage.repository import queue_jobs

log = logging.getLogger("aucote.queue")


async def recover_stalled(
    app: procrastinate.App, engine: Engine, settings: WorkersSettings, clock: Callable[[], float]
) -> int:
    """Retry or fail the jobs of lost workers; how many were handled."""
    manager = app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=settings.stalled_after))
    for job in stalled:
        try:
            await _recover(manager, engine, job, settings, clock)
        except Exception as error:  # the job moved on meanwhile (finished, retried elsewhere)
            log.info("stalled job %s not recovered: %s", job.id, error)
    await manager.prune_stalled_workers(settings.stalled_after)
    return len(stalled)


async def _recover(
    manager: JobManager,
    engine: Engine,
    job: jobs.Job,
    settings: WorkersSettings,
    clock: Callable[[], float],
) -> None:
    attempt = job.attempts + 1
    if attempt < settings.max_attempts:
        log.warning("job %s (%s) lost its worker on attempt %d: queued again", job.id, job.task_name, attempt)
        await manager.retry_job(job)
        return
    log.warning("job %s (%s) lost its worker on its last attempt: failed", job.id, job.task_name)
    await manager.finish_job(job, status=jobs.Status.FAILED, delete_job=False)
    payload = job.task_kwargs.get("job")
    key = str(payload["key"]) if isinstance(payload, dict) else ""
    detail = f"the worker was lost on each of {attempt} attempts"
    now = clock()
    await in_transaction(
        engine, lambda c: queue_jobs.end_unfinished(c, [key], JobState.FAILED, now, "worker_lost", detail)
    )
