"""The task queue's metrics, read from the executor's memory at each scrape (no database):
queued and running tasks and the age of the oldest running one."""

from collections.abc import Callable, Iterator, Sized
from typing import Protocol

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


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
