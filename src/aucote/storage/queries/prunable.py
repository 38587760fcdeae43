"""Which rows retention may delete (docs/operations.md#retention), read a range at a time.

A row goes only when it is outside every limit set (beyond the newest `keep_runs` runs of its
check on its port, or sightings of its port; older than the age cutoff) and nothing depends on it:

* the scans in progress and the newest finished scan of each scanner keep all their rows (the
  next scan's changes are computed against it, an interrupted one is resumed from them);
* the newest run of each check on each port and the newest sighting of each port stay;
* a finding's newest report stays (the dashboard's list, triage evidence, "reopened"), and so
  does the earliest of its current reports (when it opened: the daily totals); a report expired
  today stays (today's resolved count); a run stays while one of its reports stays;
* triage, daily totals, scans, node scans and undelivered notifications are never deleted.

Finished jobs of the job queue (`queue_jobs` and procrastinate's rows of them) go once they ended
before `retention.finished_jobs`: the outcomes they wrote stay in the security scans."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, and_, exists, func, or_, select

from aucote.model.jobs import FINISHED
from aucote.model.status import CheckStatus, ScanStatus
from aucote.storage.tables import (
    changes,
    notification_outbox,
    port_scans,
    queue_jobs,
    scans,
    security_scans,
    vulnerabilities,
)

RUNNING_CHECKS = (CheckStatus.QUEUED.value, CheckStatus.RUNNING.value)
FINDING_KEY = ("node_id", "protocol", "port", "exploit_id", "subid")


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """What a prune keeps: the newest `keep_runs` runs (None: one), what is newer than
    `older_than` (None: no age limit), the rows of the `protected` scans, reports expired since
    `today` (the start of the UTC day)."""

    keep_runs: int | None
    older_than: float | None
    today: float
    protected: frozenset[int]


def protected_scans(connection: Connection) -> frozenset[int]:
    """Scans not ended, and the newest finished scan of each scanner."""
    running = select(scans.c.id).where(
        or_(scans.c.end.is_(None), scans.c.status == ScanStatus.IN_PROGRESS.value)
    )
    ranked = select(
        scans.c.id,
        func.row_number()
        .over(partition_by=scans.c.scanner, order_by=(scans.c.start.desc(), scans.c.id.desc()))
        .label("rank"),
    ).where(scans.c.status == ScanStatus.DONE.value)
    newest = ranked.subquery()
    ids = set(connection.execute(running).scalars())
    ids.update(connection.execute(select(newest.c.id).where(newest.c.rank == 1)).scalars())
    return frozenset(int(scan_id) for scan_id in ids)


def security_scans_in(connection: Connection, limits: Limits, seqs: tuple[int, int]) -> list[tuple[int, int]]:
    """(id, seq) of the runs with seq in (low, high] that may go, with all their reports."""
    table = security_scans
    low, high = seqs
    conditions = [
        table.c.seq > low,
        table.c.seq <= high,
        table.c.status.not_in(RUNNING_CHECKS),
        *_not_protected(table, limits),
        table.c.scan_id < _nth_newest(table, ("node_id", "protocol", "port", "exploit_id"), limits),
        ~exists(
            select(vulnerabilities.c.id).where(
                vulnerabilities.c.security_scan_id == table.c.id, ~_report_may_go(limits)
            )
        ),
    ]
    statement: Select[Any] = select(table.c.id, table.c.seq)
    if limits.older_than is not None:
        statement = statement.join(scans, scans.c.id == table.c.scan_id)
        conditions.append(func.coalesce(table.c.start, scans.c.start) < limits.older_than)
    rows = connection.execute(statement.where(*conditions).order_by(table.c.seq))
    return [(int(row.id), int(row.seq)) for row in rows]


def reports_of(connection: Connection, run_ids: list[int]) -> list[tuple[int, int]]:
    """(id, seq) of the reports of these runs."""
    if not run_ids:
        return []
    statement = select(vulnerabilities.c.id, vulnerabilities.c.seq).where(
        vulnerabilities.c.security_scan_id.in_(run_ids)
    )
    return [(int(row.id), int(row.seq)) for row in connection.execute(statement)]


def port_scans_in(connection: Connection, limits: Limits, ids: tuple[int, int]) -> list[int]:
    """Ids in (low, high] of the port sightings that may go."""
    table = port_scans
    low, high = ids
    conditions = [
        table.c.id > low,
        table.c.id <= high,
        table.c.replaced_by.is_not(None),
        *_not_protected(table, limits),
        table.c.scan_id < _nth_newest(table, ("node_id", "protocol", "port"), limits),
    ]
    if limits.older_than is not None:
        conditions.append(table.c.time < limits.older_than)
    return [int(row_id) for row_id in connection.execute(select(table.c.id).where(*conditions)).scalars()]


def changes_in(connection: Connection, limits: Limits, ids: tuple[int, int]) -> list[int]:
    """Ids in (low, high] of the changes that may go: older than the age limit (none without one)."""
    if limits.older_than is None:
        return []
    low, high = ids
    conditions = [changes.c.id > low, changes.c.id <= high, changes.c.time < limits.older_than]
    conditions += _not_protected(changes, limits)
    return [int(row_id) for row_id in connection.execute(select(changes.c.id).where(*conditions)).scalars()]


def delivered_in(connection: Connection, limits: Limits, ids: tuple[int, int]) -> list[int]:
    """Ids in (low, high] of notifications delivered before the age limit (none without one)."""
    if limits.older_than is None:
        return []
    table = notification_outbox
    low, high = ids
    conditions = [table.c.id > low, table.c.id <= high, table.c.delivered < limits.older_than]
    return [int(row_id) for row_id in connection.execute(select(table.c.id).where(*conditions)).scalars()]


@dataclass(frozen=True, slots=True)
class FinishedJob:
    """A finished job of the job queue: its key and procrastinate's id of it (if it was queued)."""

    key: str
    job_id: int | None


def _finished_before(ended_before: float) -> list[ColumnElement[bool]]:
    finished = sorted(state.value for state in FINISHED)
    return [queue_jobs.c.ended < ended_before, queue_jobs.c.state.in_(finished)]


def finished_job_count(connection: Connection, ended_before: float) -> int:
    """How many finished jobs ended before `ended_before`."""
    statement = select(func.count()).select_from(queue_jobs).where(*_finished_before(ended_before))
    return int(connection.execute(statement).scalar_one())


def finished_jobs(
    connection: Connection, ended_before: float, limit: int, skip: int = 0
) -> list[FinishedJob]:
    """Up to `limit` finished jobs that ended before `ended_before`, the oldest first, after the
    first `skip` (a dry run, which deletes nothing, pages on)."""
    statement = (
        select(queue_jobs.c.key, queue_jobs.c.job_id)
        .where(*_finished_before(ended_before))
        .order_by(queue_jobs.c.ended, queue_jobs.c.key)
        .limit(limit)
        .offset(skip)
    )
    return [FinishedJob(row.key, row.job_id) for row in connection.execute(statement)]


def highest(connection: Connection, column: ColumnElement[int]) -> int:
    """The highest value of an id or seq column (0 when the table is empty)."""
    return int(connection.execute(select(func.max(column))).scalar() or 0)


def _not_protected(table: Table, limits: Limits) -> list[ColumnElement[bool]]:
    return [table.c.scan_id.not_in(sorted(limits.protected))] if limits.protected else []


def _nth_newest(table: Table, key: tuple[str, ...], limits: Limits) -> Any:
    """The scan id of the `keep_runs`th newest run of the row's key (NULL when it has fewer):
    rows of older scans are beyond the limit. One probe of the (key…, scan_id) index per row."""
    other = table.alias("newer")
    same = and_(*(other.c[name] == table.c[name] for name in key))
    keep = limits.keep_runs or 1
    return (
        select(other.c.scan_id)
        .where(same)
        .order_by(other.c.scan_id.desc())
        .limit(1)
        .offset(keep - 1)
        .scalar_subquery()
    )


def _report_may_go(limits: Limits) -> ColumnElement[bool]:
    """A report that is not its finding's newest, and is expired before today, or is current but
    not the earliest current report of its finding."""
    table = vulnerabilities
    earlier = vulnerabilities.alias("earlier")
    same = and_(*(earlier.c[name] == table.c[name] for name in FINDING_KEY))
    earlier_current = exists(
        select(earlier.c.id).where(same, earlier.c.expiration_time.is_(None), earlier.c.seq < table.c.seq)
    )
    expired = and_(table.c.expiration_time.is_not(None), table.c.expiration_time < limits.today)
    current = and_(table.c.expiration_time.is_(None), earlier_current)
    return and_(table.c.replaced_by.is_not(None), or_(expired, current))
