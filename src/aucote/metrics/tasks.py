"""The task queue's metrics, read from the executor's memory at each scrape (no database):
queued and running tasks, the age of the oldest running one and, with workers, the jobs queued and
running in each zone (the queue executor refreshes them every `workers.heartbeat`)."""

from collections.abc import Callable, Iterator, Sequence, Sized
from typing import Protocol

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


class ZoneNow(Protocol):
    """One zone's jobs (the engine's ZoneLoad)."""

    @property
    def zone(self) -> str:
        """The zone's name."""
        ...

    @property
    def queued(self) -> int:
        """Jobs waiting for a worker."""
        ...

    @property
    def running(self) -> int:
        """Jobs a worker runs."""
        ...


class QueueNow(Protocol):
    """The queue at one moment (the engine's ExecutorSnapshot)."""

    @property
    def queued(self) -> Sized:
        """Tasks waiting."""
        ...

    @property
    def running(self) -> Sized:
        """Tasks running."""
        ...

    @property
    def oldest_running(self) -> float | None:
        """Seconds the longest-running task has run."""
        ...

    @property
    def zones(self) -> Sequence[ZoneNow]:
        """Each worker zone's jobs (empty without workers)."""
        ...


class TaskCollector(Collector):
    """Collects from `snapshot()` (the executor's `snapshot`)."""

    def __init__(self, snapshot: Callable[[], QueueNow]) -> None:
        self._snapshot = snapshot

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Three gauges of the queue now."""
        now = self._snapshot()
        yield GaugeMetricFamily("aucote_tasks_queued", "Tasks waiting for a slot", value=len(now.queued))
        yield GaugeMetricFamily("aucote_tasks_running", "Tasks running", value=len(now.running))
        yield GaugeMetricFamily(
            "aucote_oldest_running_task_age_seconds",
            "How long the longest-running task has run (0 when none runs)",
            value=now.oldest_running or 0.0,
        )
        yield from _zone_gauges(now.zones)


def _zone_gauges(zones: Sequence[ZoneNow]) -> Iterator[GaugeMetricFamily]:
    """Per-zone jobs; no series at all without workers."""
    if not zones:
        return
    queued = GaugeMetricFamily(
        "aucote_zone_jobs_queued", "Jobs waiting for a worker, by zone", labels=["zone"]
    )
    running = GaugeMetricFamily("aucote_zone_jobs_running", "Jobs a worker runs, by zone", labels=["zone"])
    for load in zones:
        queued.add_metric([load.zone], load.queued)
        running.add_metric([load.zone], load.running)
    yield queued
    yield running
