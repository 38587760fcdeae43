"""What the scanning process tells the API of itself: every scanner's schedule and run, and the
task queue (the stored history is added by the API process)."""

from collections.abc import Iterable
from dataclasses import replace

from aucote.engine.scan_executor import ScanExecutor
from aucote.live.health import ServiceHealth
from aucote.live.views import ScannerView, TasksView
from aucote.scheduling.runs import Runs
from aucote.scheduling.schedule import Schedule
from aucote.scheduling.spec import ScannerSpec


def live_scanners(schedule: Schedule, runs: Runs) -> list[ScannerView]:
    """Every configured scanner, in configuration order."""
    return [live_scanner(name, schedule, runs) for name in schedule.specs]


def live_scanner(name: str, schedule: Schedule, runs: Runs) -> ScannerView:
    """One scanner: configuration, next fire time, the run in progress."""
    spec = schedule.specs[name]
    run = runs.current.get(name)
    return replace(
        configured_scanner(spec),
        current_scan=run.started if run else None,
        next_scan=schedule.next_fire.get(name) if spec.enabled else None,
        status="IN PROGRESS" if run else "IDLE",
    )


def configured_scanners(specs: Iterable[ScannerSpec]) -> list[ScannerView]:
    """The scanners as the configuration alone describes them (idle, nothing planned)."""
    return [configured_scanner(spec) for spec in specs]


def configured_scanner(spec: ScannerSpec) -> ScannerView:
    """One scanner as its configuration describes it."""
    return ScannerView(
        name=spec.name,
        display_name=spec.display_name,
        enabled=spec.enabled,
        scan_type=spec.scan_type,
        cron=spec.cron if spec.scan_type == "PERIODIC" else "* * * * *",
        min_time_gap=spec.min_time_gap,
        ipv4=("nmap",),
        ipv6=("nmap",),
        run_after=spec.run_after,
    )


def tasks_view(executor: ScanExecutor) -> TasksView:
    """The executor's queue and running tasks."""
    snapshot = executor.snapshot()
    queue = [str(task) for task in snapshot.queued]
    jobs = [str(task) for task in snapshot.running]
    return TasksView(unfinished=len(queue) + len(jobs), queue=queue, workers=snapshot.workers, jobs=jobs)


def service_health(runs: Runs, stuck_after: float, cve_max_age: float | None, now: float) -> ServiceHealth:
    """The scanners whose run has lasted longer than `stuck_after` seconds, and `cve_max_age`."""
    stuck = sorted(name for name, run in runs.current.items() if now - run.started > stuck_after)
    return ServiceHealth(stuck=stuck, cve_max_age=cve_max_age)
