"""The scan executor on the job queue: runs made here queue their tool work for the workers of
each host's zone (queue.coordinator); `maintain` recovers the jobs of lost workers and keeps the
picture of queued and running jobs the tasks API shows."""

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping

import procrastinate
from sqlalchemy import Connection, Engine

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check
from aucote.config.workers import WorkersSettings
from aucote.engine.executor import ExecutorSnapshot, TaskInfo
from aucote.engine.options import ScanOptions
from aucote.engine.recorder import Recorder
from aucote.engine.scan_executor import ScanRun
from aucote.model.jobs import JobState
from aucote.model.status import CheckReason
from aucote.model.zones import Zones
from aucote.queue.coordinator import QueuedScan
from aucote.queue.kit import in_transaction
from aucote.queue.queue import ProcrastinateQueue
from aucote.queue.recovery import LostNotices, recover_stalled
from aucote.queue.zone_limits import ZoneLimits
from aucote.queue.zone_load import zone_loads
from aucote.queue.zone_slots import ZoneSlots
from aucote.storage.queries.workers import open_jobs
from aucote.storage.repository import queue_jobs

log = logging.getLogger("aucote.queue")


class QueueExecutor:
    """Scan runs whose tools run on workers."""

    def __init__(
        self,
        recorder: Recorder,
        engine: Engine,
        catalog: Catalog,
        checks: Mapping[str, Check],
        clock: Callable[[], float],
        app: procrastinate.App,
        settings: WorkersSettings,
        *,
        parallel_tasks: int,
    ) -> None:
        """`parallel_tasks` (`service.scans.parallel_tasks`) is the limit of the zones that set none."""
        self.recorder, self.engine, self.catalog, self.checks, self.clock = (
            recorder,
            engine,
            catalog,
            checks,
            clock,
        )
        self.app, self.settings = app, settings
        self.zones = Zones.of({name: zone.networks or [] for name, zone in settings.zones.items()})
        self.limits = ZoneLimits.of(settings, parallel_tasks)
        self.slots = ZoneSlots(self.limits.parallel_of)
        self._snapshot = ExecutorSnapshot((), (), 0)

    def scan(self, options: ScanOptions, *, skip_hosts: frozenset[str], resumed_from: int | None) -> ScanRun:
        return QueuedScan(
            options,
            self.recorder,
            self.catalog,
            self.checks,
            clock=self.clock,
            skip_hosts=skip_hosts,
            resumed_from=resumed_from,
            record_idle=False,
            engine=self.engine,
            queue=ProcrastinateQueue(self.app),
            zones=self.zones,
            checks_per_job=self.settings.checks_per_job,
            limits=self.limits,
            slots=self.slots,
        )

    def snapshot(self) -> ExecutorSnapshot:
        return self._snapshot

    async def abandon_open_jobs(self) -> int:
        """At start: the jobs of a previous run of the service belong to scans it left
        INTERRUPTED; cancel them (queued ones never start, running ones are aborted and their
        leases revoked). How many."""
        now = self.clock()

        def work(connection: Connection) -> list[int]:
            jobs = open_jobs(connection)
            ids = queue_jobs.open_job_ids(connection, sorted({job.scan_id for job in jobs}))
            keys = [job.key for job in jobs]
            queue_jobs.end_unfinished(
                connection, keys, JobState.CANCELLED, now, CheckReason.CANCELLED, "service restarted"
            )
            return ids

        ids = await in_transaction(self.engine, work)
        await ProcrastinateQueue(self.app).abort(ids)
        return len(ids)

    async def maintain(self) -> None:
        """Forever: recover stalled jobs and refresh the snapshot, every heartbeat period."""
        while True:
            with contextlib.suppress(Exception):
                notices = LostNotices(rules=self.recorder.notice_rules, noticed=self.recorder.noticed)
                await recover_stalled(self.app, self.engine, self.settings, self.clock, notices)
            with contextlib.suppress(Exception):
                await self.refresh()
            await asyncio.sleep(self.settings.heartbeat)

    async def refresh(self) -> None:
        """The queued and running jobs, as tasks."""
        rows = await in_transaction(self.engine, open_jobs)
        queued = tuple(
            _task(row.kind, row.key, row.zone, row.scan_id, None) for row in rows if row.worker is None
        )
        running = tuple(
            _task(row.kind, row.key, row.zone, row.scan_id, row.worker) for row in rows if row.worker
        )
        workers = len({row.worker for row in rows if row.worker})
        loads = zone_loads(rows, self.settings.zones)
        self._snapshot = ExecutorSnapshot(queued, running, workers, zones=loads)


def _task(kind: str, key: str, zone: str, scan_id: int, worker: str | None) -> TaskInfo:
    where = f"zone {zone}" + (f", worker {worker}" if worker else "")
    return TaskInfo(kind, key, where, None, scan_id)
