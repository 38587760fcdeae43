"""The job queue as the coordinator sees it: put a job on a zone's queue, abort jobs. The
procrastinate implementation; tests may pass another."""

from collections.abc import Sequence
from typing import Protocol

import procrastinate

from aucote.model.zones import queue_of
from aucote.queue.jobs import Json


class JobQueue(Protocol):
    """Where the coordinator sends jobs."""

    async def defer(self, task: str, zone: str, key: str, job: Json) -> int:
        """Queue `job` for the workers of `zone`; the queue's id of the job."""
        ...

    async def abort(self, job_ids: Sequence[int]) -> None:
        """Cancel queued jobs, abort running ones (their tools are killed on the worker)."""
        ...


class ProcrastinateQueue:
    """Jobs on procrastinate: one queue per zone; the job's key as queueing lock, so the same job
    is never queued twice at once."""

    def __init__(self, app: procrastinate.App) -> None:
        self.app = app

    async def defer(self, task: str, zone: str, key: str, job: Json) -> int:
        deferrer = self.app.configure_task(task, queue=queue_of(zone), queueing_lock=key)
        return await deferrer.defer_async(job=job)

    async def abort(self, job_ids: Sequence[int]) -> None:
        for job_id in job_ids:
            await self.app.job_manager.cancel_job_by_id_async(job_id, abort=True)
