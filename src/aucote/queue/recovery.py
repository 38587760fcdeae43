"""Recovery of jobs whose worker was lost (killed, machine gone, frozen past its lease): run by
the service every heartbeat period. A job of a worker silent for `workers.stalled_after` goes
back to its queue for another worker; on its last attempt it fails for good (`worker_lost`).
Either way a `worker_lost` notification is written to the outbox for the rules that ask for it
(with the job's failure, in the same transaction). procrastinate finds such jobs
(`get_stalled_jobs`) but does not act on them itself."""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import procrastinate
from procrastinate import jobs
from procrastinate.manager import JobManager
from sqlalchemy import Connection, Engine

from aucote.config.workers import WorkersSettings
from aucote.engine.notices import worker_lost, write_notices
from aucote.model.jobs import JobState, LostJobOutcome
from aucote.model.notification import NoticeRule
from aucote.model.status import CheckReason
from aucote.queue.kit import in_transaction
from aucote.storage.queries.lost_jobs import lost_job
from aucote.storage.repository import queue_jobs

log = logging.getLogger("aucote.queue")


def _nothing() -> None:
    """No deliverer to wake."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LostNotices:
    """The notification rules in force and the deliverer's wake-up (the recorder's)."""

    rules: Sequence[NoticeRule] = ()
    noticed: Callable[[], None] = field(default=_nothing)


async def recover_stalled(
    app: procrastinate.App,
    engine: Engine,
    settings: WorkersSettings,
    clock: Callable[[], float],
    notices: LostNotices = LostNotices(),
) -> int:
    """Retry or fail the jobs of lost workers, notifying each; how many were handled."""
    manager = app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=settings.stalled_after))
    for job in stalled:
        try:
            await _recover(manager, engine, job, settings, clock, notices)
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
    notices: LostNotices,
) -> None:
    payload = job.task_kwargs.get("job")
    key = str(payload["key"]) if isinstance(payload, dict) else ""
    held = await in_transaction(engine, lambda c: lost_job(c, key))  # before another lease
    attempt = job.attempts + 1
    if attempt < settings.max_attempts:
        log.warning("job %s (%s) lost its worker on attempt %d: queued again", job.id, job.task_name, attempt)
        await manager.retry_job(job)
        outcome = LostJobOutcome.QUEUED_AGAIN
    else:
        log.warning("job %s (%s) lost its worker on its last attempt: failed", job.id, job.task_name)
        await manager.finish_job(job, status=jobs.Status.FAILED, delete_job=False)
        outcome = LostJobOutcome.FAILED
    now = clock()
    wanted = [worker_lost(held, outcome, now)] if held is not None and notices.rules else []

    def work(connection: Connection) -> int:
        if outcome is LostJobOutcome.FAILED:
            detail = f"the worker was lost on each of {attempt} attempts"
            lost = CheckReason.WORKER_LOST
            queue_jobs.end_unfinished(connection, [key], JobState.FAILED, now, lost, detail)
        return write_notices(connection, notices.rules, wanted) if wanted else 0

    if await in_transaction(engine, work):
        notices.noticed()
