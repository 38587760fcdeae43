"""What the scanning process tells the API of itself: every scanner's schedule and run, and the
task queue (the stored history is added by the API process)."""

from aucote.api.sources import ScannerView, TasksView
from aucote.engine.executor import Executor
from aucote.scheduling.runs import Runs
from aucote.scheduling.schedule import Schedule


def live_scanners(schedule: Schedule, runs: Runs) -> list[ScannerView]:
    """Every configured scanner, in configuration order."""
    return [live_scanner(name, schedule, runs) for name in schedule.specs]


def live_scanner(name: str, schedule: Schedule, runs: Runs) -> ScannerView:
    """One scanner: configuration, next fire time, the run in progress."""
    spec = schedule.specs[name]
    run = runs.current.get(name)
    return ScannerView(
        name=name,
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


def tasks_view(executor: Executor) -> TasksView:
    """The executor's queue and running tasks."""
    snapshot = executor.snapshot()
    queue = [str(task) for task in snapshot.queued]
    jobs = [str(task) for task in snapshot.running]
    return TasksView(unfinished=len(queue) + len(jobs), queue=queue, workers=snapshot.workers, jobs=jobs)
