"""Workers and zone jobs as the API shows them."""

from collections.abc import Sequence

from aucote.api.schemas.common import Meta
from aucote.api.schemas.workers import Worker, WorkerJob, WorkerList, Zone
from aucote.api.times import human, maybe_human, number
from aucote.model.jobs import WorkerState
from aucote.storage.queries.workers import OpenJob, WorkerRow, running_by_worker


def worker_list(rows: Sequence[WorkerRow], jobs: Sequence[OpenJob], now: float, meta: Meta) -> WorkerList:
    """The body of GET /api/v1/workers."""
    running = running_by_worker(jobs)
    return WorkerList(
        workers=[_worker(row, running.get(row.name, []), now) for row in rows],
        zones=_zones(jobs),
        meta=meta,
    )


def _worker(row: WorkerRow, running: Sequence[OpenJob], now: float) -> Worker:
    age = max(0.0, now - row.heartbeat)
    state = WorkerState.of(stopped=row.stopped is not None, heartbeat_age=age, lost_after=row.lost_after)
    return Worker(
        name=row.name,
        zone=row.zone,
        host=row.host,
        version=row.version,
        started=number(row.started),
        started_human=human(row.started),
        heartbeat=number(row.heartbeat),
        heartbeat_human=human(row.heartbeat),
        heartbeat_age=round(age, 3),
        state=state,
        running=[_job(job) for job in running] if state is WorkerState.ALIVE else [],
    )


def _zones(jobs: Sequence[OpenJob]) -> list[Zone]:
    names = sorted({job.zone for job in jobs})
    return [
        Zone(
            zone=name,
            queued=sum(1 for job in jobs if job.zone == name and job.worker is None),
            running=[_job(job) for job in jobs if job.zone == name and job.worker is not None],
        )
        for name in names
    ]


def _job(job: OpenJob) -> WorkerJob:
    kind = "host" if job.kind == "host" else "checks"
    return WorkerJob(
        job=job.key,
        kind=kind,
        scan_id=job.scan_id,
        worker=job.worker,
        started=None if job.started is None else number(job.started),
        started_human=maybe_human(job.started),
    )
