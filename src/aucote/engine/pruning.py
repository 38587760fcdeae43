"""A prune (docs/operations.md#retention): walk the pruned tables in ranges of `retention.batch`
ids or seqs, each range read and deleted in its own short transaction (a dry run only reads), so
that the scans writing meanwhile and the API reading meanwhile wait for one batch at most."""

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Table

from aucote.config.retention import RetentionSettings
from aucote.model.retention import PrunedTable, PruneStep
from aucote.storage.queries import prunable
from aucote.storage.queries.prunable import Limits
from aucote.storage.repository.prune import delete_ids, delete_jobs, delete_runs
from aucote.storage.tables import changes, notification_outbox, port_scans, security_scans

DAY = 86400.0
Chooser = Callable[[Connection, Limits, tuple[int, int]], list[int]]
_BY_ID: tuple[tuple[PrunedTable, Table, Chooser], ...] = (
    (PrunedTable.PORT_SCANS, port_scans, prunable.port_scans_in),
    (PrunedTable.CHANGES, changes, prunable.changes_in),
    (PrunedTable.NOTIFICATION_OUTBOX, notification_outbox, prunable.delivered_in),
)


def _never() -> bool:
    return False


def _ignore(_step: PruneStep) -> None:
    return None


def prune(
    engine: Engine,
    settings: RetentionSettings,
    now: float,
    *,
    dry_run: bool = False,
    progress: Callable[[PruneStep], None] = _ignore,
    stopping: Callable[[], bool] = _never,
) -> dict[PrunedTable, int]:
    """Delete (dry run: count) what `settings` lets go as of `now`; rows per table. Stops
    between two batches when `stopping()` says so."""
    deleted: Counter[PrunedTable] = Counter({table: 0 for table in PrunedTable})
    walk = _Walk(engine, settings.batch, dry_run, progress, stopping, deleted)
    if settings.limits_history:
        with engine.connect() as connection:
            limits = _limits(connection, settings, now)
        walk.runs(limits)
        for name, table, chooser in _BY_ID:
            walk.ids(limits, name, table, chooser)
    if settings.finished_jobs is not None:
        walk.jobs(now - settings.finished_jobs)
    return dict(deleted)


def _limits(connection: Connection, settings: RetentionSettings, now: float) -> Limits:
    older_than = None if settings.max_age is None else now - settings.max_age
    today = math.floor(now / DAY) * DAY
    return Limits(
        keep_runs=settings.keep_runs,
        older_than=older_than,
        today=today,
        protected=prunable.protected_scans(connection),
    )


class _Walk:
    """The batches of one prune."""

    def __init__(
        self,
        engine: Engine,
        batch: int,
        dry_run: bool,
        progress: Callable[[PruneStep], None],
        stopping: Callable[[], bool],
        deleted: Counter[PrunedTable],
    ) -> None:
        self.engine, self.batch, self.dry_run = engine, batch, dry_run
        self.progress, self.stopping, self.deleted = progress, stopping, deleted

    def runs(self, limits: Limits) -> None:
        """Security scans and their reports, in seq order."""
        for low, high, total in self._ranges(security_scans.c.seq):
            with self.engine.begin() as connection:
                runs = prunable.security_scans_in(connection, limits, (low, high))
                reports = prunable.reports_of(connection, [run_id for run_id, _ in runs])
                if not self.dry_run:
                    delete_runs(connection, runs, reports)
            self.deleted[PrunedTable.SECURITY_SCANS] += len(runs)
            self.deleted[PrunedTable.VULNERABILITIES] += len(reports)
            self._step(PrunedTable.SECURITY_SCANS, high, total)

    def ids(self, limits: Limits, name: PrunedTable, table: Table, chooser: Chooser) -> None:
        """Another table, in id order."""
        for low, high, total in self._ranges(table.c.id):
            with self.engine.begin() as connection:
                ids = chooser(connection, limits, (low, high))
                if not self.dry_run:
                    delete_ids(connection, table, ids)
            self.deleted[name] += len(ids)
            self._step(name, high, total)

    def jobs(self, ended_before: float) -> None:
        """Finished jobs of the job queue, the oldest first."""
        with self.engine.connect() as connection:
            total = prunable.finished_job_count(connection, ended_before)
        done = 0
        while done < total and not self.stopping():
            with self.engine.begin() as connection:
                skip = done if self.dry_run else 0
                jobs = prunable.finished_jobs(connection, ended_before, self.batch, skip)
                theirs = delete_jobs(connection, jobs, dry_run=self.dry_run)
            if not jobs:
                break
            done += len(jobs)
            self.deleted[PrunedTable.QUEUE_JOBS] += len(jobs)
            self.deleted[PrunedTable.PROCRASTINATE_JOBS] += theirs
            self._step(PrunedTable.QUEUE_JOBS, done, total)

    def _ranges(self, column: ColumnElement[Any]) -> Any:
        with self.engine.connect() as connection:
            total = prunable.highest(connection, column)
        low = 0
        while low < total and not self.stopping():
            high = min(low + self.batch, total)
            yield low, high, total
            low = high

    def _step(self, walked: PrunedTable, done: int, total: int) -> None:
        self.progress(PruneStep(walked=walked, done=done, total=total, deleted=dict(self.deleted)))
