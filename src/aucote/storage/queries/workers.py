"""Workers and their jobs as the API shows them: each worker with its zone, host, version,
heartbeat and running jobs (lost when silent past `workers.stalled_after`), and per zone the
jobs queued and running."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from aucote.model.jobs import JobState
from aucote.storage.tables import queue_jobs, queue_workers


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenJob:
    """A job queued or running."""

    key: str
    kind: str
    zone: str
    scan_id: int
    state: str
    worker: str | None
    started: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkerRow:
    """A worker as recorded."""

    name: str
    zone: str
    host: str
    version: str
    started: float
    heartbeat: float
    lost_after: float
    stopped: float | None


def open_jobs(connection: Connection) -> list[OpenJob]:
    """Every job queued or running, oldest first (a queued job has no worker)."""
    columns = (
        queue_jobs.c.key,
        queue_jobs.c.kind,
        queue_jobs.c.zone,
        queue_jobs.c.scan_id,
        queue_jobs.c.state,
    )
    rows = connection.execute(
        select(*columns, queue_jobs.c.worker, queue_jobs.c.started)
        .where(queue_jobs.c.state.in_([JobState.QUEUED.value, JobState.RUNNING.value]))
        .order_by(queue_jobs.c.created, queue_jobs.c.key)
    )
    return [_open(row._mapping) for row in rows]


def _open(row: object) -> OpenJob:
    values = dict(row)  # type: ignore[call-overload]
    if values["state"] == JobState.QUEUED.value:
        values["worker"] = None
    return OpenJob(**values)


def workers(connection: Connection) -> list[WorkerRow]:
    """Every recorded worker, by zone and name."""
    rows = connection.execute(
        select(
            queue_workers.c.name,
            queue_workers.c.zone,
            queue_workers.c.host,
            queue_workers.c.version,
            queue_workers.c.started,
            queue_workers.c.heartbeat,
            queue_workers.c.lost_after,
            queue_workers.c.stopped,
        ).order_by(queue_workers.c.zone, queue_workers.c.name)
    )
    return [WorkerRow(**row._mapping) for row in rows]


def running_by_worker(jobs: Sequence[OpenJob]) -> dict[str, list[OpenJob]]:
    """The running jobs of each worker."""
    found: dict[str, list[OpenJob]] = {}
    for job in jobs:
        if job.worker is not None:
            found.setdefault(job.worker, []).append(job)
    return found
