"""Deleting the rows retention chose (queries/prunable.py), within the caller's short transaction;
the numbers of deleted security scans and findings are noted for their lists' paging."""

from collections.abc import Sequence

from sqlalchemy import Connection, Table, bindparam, delete, inspect, text

from aucote.storage.queries.prunable import FinishedJob
from aucote.storage.repository.seq_holes import note_deleted
from aucote.storage.tables import queue_jobs, security_scans, vulnerabilities

_PROCRASTINATE_FINISHED = "('succeeded', 'failed', 'cancelled', 'aborted')"
_DELETE_PROCRASTINATE_JOBS = text(
    f"DELETE FROM procrastinate_jobs WHERE id IN :ids AND status IN {_PROCRASTINATE_FINISHED} RETURNING id"
).bindparams(bindparam("ids", expanding=True))
"""procrastinate's own `delete_old_jobs` picks jobs by age over every queue; these are the jobs
Aucote's record says finished, so they go by id. Their events go with them (ON DELETE CASCADE);
a job procrastinate still holds as to do or doing is left alone."""
_COUNT_PROCRASTINATE_JOBS = text(
    f"SELECT count(*) FROM procrastinate_jobs WHERE id IN :ids AND status IN {_PROCRASTINATE_FINISHED}"
).bindparams(bindparam("ids", expanding=True))


def delete_runs(
    connection: Connection, runs: Sequence[tuple[int, int]], reports: Sequence[tuple[int, int]]
) -> None:
    """Delete security scans and their reports, given as (id, seq); the reports first (they point
    at the runs)."""
    for table, rows in ((vulnerabilities, reports), (security_scans, runs)):
        if rows:
            delete_ids(connection, table, [row_id for row_id, _ in rows])
            note_deleted(connection, table.name, [seq for _, seq in rows])


def delete_ids(connection: Connection, table: Table, ids: Sequence[int]) -> None:
    """Delete rows of `table` by id."""
    if ids:
        connection.execute(delete(table).where(table.c.id.in_(list(ids))))


def delete_jobs(connection: Connection, jobs: Sequence[FinishedJob], *, dry_run: bool = False) -> int:
    """Delete finished jobs from Aucote's record and procrastinate's rows of them (dry run: only
    count those); how many of procrastinate's rows."""
    job_ids = [job.job_id for job in jobs if job.job_id is not None]
    if not dry_run and jobs:
        connection.execute(delete(queue_jobs).where(queue_jobs.c.key.in_([job.key for job in jobs])))
    if not job_ids or not inspect(connection).has_table("procrastinate_jobs"):
        return 0
    if dry_run:
        return int(connection.execute(_COUNT_PROCRASTINATE_JOBS, {"ids": job_ids}).scalar_one())
    return len(connection.execute(_DELETE_PROCRASTINATE_JOBS, {"ids": job_ids}).all())
