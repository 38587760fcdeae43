"""The job a lost worker held, as the `worker_lost` notification names it: its worker, zone, kind,
attempt and the scan (and scanner) it belongs to."""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from aucote.storage.tables import queue_jobs, scans


@dataclass(frozen=True, slots=True, kw_only=True)
class LostJob:
    """A job whose worker went silent."""

    key: str
    kind: str
    zone: str
    worker: str | None
    attempt: int
    scan_id: int
    scanner: str


def lost_job(connection: Connection, key: str) -> LostJob | None:
    """The job `key` with its scan's scanner (None when unknown)."""
    row = connection.execute(
        select(
            queue_jobs.c.key,
            queue_jobs.c.kind,
            queue_jobs.c.zone,
            queue_jobs.c.worker,
            queue_jobs.c.attempt,
            queue_jobs.c.scan_id,
            scans.c.scanner,
        )
        .join(scans, scans.c.id == queue_jobs.c.scan_id)
        .where(queue_jobs.c.key == key)
    ).one_or_none()
    return None if row is None else LostJob(**row._mapping)
