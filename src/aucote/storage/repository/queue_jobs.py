"""Queued jobs and their leases. A job's attempt takes a lease (the next attempt number, its
fencing token); each of its writes runs `fence` first in the same transaction, which holds the
job's row locked until commit and refuses an attempt whose lease a successor took. The write that
ends a job marks it finished in that transaction, and a finished job gives no lease: a retried
job never writes its results twice."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from aucote.model.jobs import FINISHED, JobKind, JobState
from aucote.model.status import CheckReason
from aucote.storage.tables import queue_jobs

_OPEN = [JobState.QUEUED.value, JobState.RUNNING.value]


class LeaseLost(Exception):
    """The attempt's lease was taken by a later attempt, or the job ended meanwhile."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Lease:
    """One attempt's right to write the results of a job."""

    key: str
    attempt: int
    worker: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NewJob:
    """A job about to be queued."""

    key: str
    kind: JobKind
    scan_id: int
    zone: str


def add_jobs(connection: Connection, jobs: Sequence[NewJob], now: float) -> None:
    """Record jobs as QUEUED (attempt 0)."""
    if jobs:
        connection.execute(insert(queue_jobs), [_new(job, now) for job in jobs])


def _new(job: NewJob, now: float) -> dict[str, object]:
    return {
        "key": job.key,
        "kind": job.kind.value,
        "scan_id": job.scan_id,
        "zone": job.zone,
        "state": JobState.QUEUED.value,
        "attempt": 0,
        "created": now,
    }


def set_job_ids(connection: Connection, ids: dict[str, int]) -> None:
    """The queue's id of each job (to cancel or abort it)."""
    for key, job_id in ids.items():
        connection.execute(update(queue_jobs).where(queue_jobs.c.key == key).values(job_id=job_id))


def take_lease(connection: Connection, key: str, worker: str, now: float) -> Lease | None:
    """The lease of a new attempt (RUNNING on `worker` from now); None when the job is finished
    (or unknown): the attempt must do nothing."""
    attempt = connection.execute(
        update(queue_jobs)
        .where(queue_jobs.c.key == key, queue_jobs.c.state.in_(_OPEN))
        .values(
            attempt=queue_jobs.c.attempt + 1,
            state=JobState.RUNNING.value,
            worker=worker,
            started=now,
        )
        .returning(queue_jobs.c.attempt)
    ).scalar()
    return None if attempt is None else Lease(key=key, attempt=attempt, worker=worker)


def fence(connection: Connection, lease: Lease) -> None:
    """Raise LeaseLost unless `lease` is the job's current one and the job is not finished; else
    lock the job's row until the transaction ends (a successor's `take_lease` waits for it)."""
    locked = connection.execute(
        update(queue_jobs)
        .where(
            queue_jobs.c.key == lease.key,
            queue_jobs.c.attempt == lease.attempt,
            queue_jobs.c.state == JobState.RUNNING.value,
        )
        .values(state=JobState.RUNNING.value)
    ).rowcount
    if locked != 1:
        raise LeaseLost(f"job {lease.key}: attempt {lease.attempt} lost its lease")


def finish(
    connection: Connection,
    lease: Lease,
    now: float,
    state: JobState = JobState.DONE,
    reason: CheckReason | None = None,
    detail: str | None = None,
) -> None:
    """End the job with the attempt's writes (fenced)."""
    fence(connection, lease)
    connection.execute(
        update(queue_jobs)
        .where(queue_jobs.c.key == lease.key)
        .values(state=state.value, ended=now, reason=reason and reason.value, detail=detail)
    )


def end_unfinished(
    connection: Connection,
    keys: Sequence[str],
    state: JobState,
    now: float,
    reason: CheckReason,
    detail: str,
) -> list[str]:
    """End jobs not finished yet (cancelled, or failed for good by the recovery), whatever their
    lease: any attempt still running loses it. The keys that were ended."""
    if state not in FINISHED:
        raise ValueError(f"{state} is not a finished state")
    rows = connection.execute(
        update(queue_jobs)
        .where(queue_jobs.c.key.in_(list(keys)), queue_jobs.c.state.in_(_OPEN))
        .values(state=state.value, ended=now, reason=reason.value, detail=detail)
        .returning(queue_jobs.c.key)
    )
    return list(rows.scalars())


def states(connection: Connection, keys: Sequence[str]) -> dict[str, JobState]:
    """The state of each job."""
    rows = connection.execute(
        select(queue_jobs.c.key, queue_jobs.c.state).where(queue_jobs.c.key.in_(list(keys)))
    )
    return {key: JobState(state) for key, state in rows}


def open_job_ids(connection: Connection, scan_ids: Sequence[int]) -> list[int]:
    """The queue's ids of the scans' jobs not finished yet."""
    rows = connection.execute(
        select(queue_jobs.c.job_id).where(
            queue_jobs.c.scan_id.in_(list(scan_ids)),
            queue_jobs.c.state.in_(_OPEN),
            queue_jobs.c.job_id.is_not(None),
        )
    )
    return [int(job_id) for job_id in rows.scalars()]
