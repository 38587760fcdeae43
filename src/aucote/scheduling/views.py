"""What the API shows of a running service: scanners (schedule + stored history) and tasks."""

from collections.abc import Callable, Sequence
from dataclasses import replace

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from aucote.api.sources import ScannerView, TasksView
from aucote.api.stored_scanners import scanner_view
from aucote.engine.executor import Executor
from aucote.scheduling.runs import Runs
from aucote.scheduling.schedule import Schedule
from aucote.storage.queries.scanners import scanner_histories


class ServiceScanners:
    """Every configured scanner, its schedule, and what it did last (ScannerSource)."""

    def __init__(self, engine: Engine, schedule: Callable[[], Schedule], runs: Runs) -> None:
        self._engine, self._schedule, self._runs = engine, schedule, runs

    async def scanners(self) -> Sequence[ScannerView]:
        stored = await run_in_threadpool(self._stored)
        schedule = self._schedule()
        return [self._view(name, schedule, stored.get(name)) for name in schedule.specs]

    def _stored(self) -> dict[str, ScannerView]:
        with self._engine.connect() as connection:
            return {history.name: scanner_view(history) for history in scanner_histories(connection)}

    def _view(self, name: str, schedule: Schedule, stored: ScannerView | None) -> ScannerView:
        spec = schedule.specs[name]
        run = self._runs.current.get(name)
        base = stored or ScannerView(name=name)
        return replace(
            base,
            enabled=spec.enabled,
            scan_type=spec.scan_type,
            cron=spec.cron if spec.scan_type == "PERIODIC" else "* * * * *",
            min_time_gap=spec.min_time_gap,
            ipv4=("nmap",),
            ipv6=("nmap",),
            current_scan=run.started if run else None,
            next_scan=schedule.next_fire.get(name) if spec.enabled else None,
            status="IN PROGRESS" if run else "IDLE",
        )


class ServiceTasks:
    """The executor's queue and running tasks (TaskSource)."""

    def __init__(self, executor: Executor) -> None:
        self._executor = executor

    async def tasks(self) -> TasksView:
        snapshot = self._executor.snapshot()
        queue = [str(task) for task in snapshot.queued]
        jobs = [str(task) for task in snapshot.running]
        return TasksView(unfinished=len(queue) + len(jobs), queue=queue, workers=snapshot.workers, jobs=jobs)
