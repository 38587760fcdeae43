"""The scanning process's registry: work done (`aucote.metrics.work`), rows pruned
(`aucote.metrics.retention`), the stale checks (`aucote.metrics.stale`), the task queue
(`aucote.metrics.tasks`) and the process's own CPU and memory (`aucote_scanner_process_*`)."""

from collections.abc import Callable

from prometheus_client import CollectorRegistry, ProcessCollector, generate_latest
from sqlalchemy import Engine

from aucote.metrics.retention import PruneMetrics
from aucote.metrics.stale import StaleChecks
from aucote.metrics.tasks import QueueNow, TaskCollector
from aucote.metrics.work import WorkMetrics


class ServiceMetrics:
    """Every metric the scanning process keeps; `work` is the recorder's meter."""

    def __init__(self, tasks: Callable[[], QueueNow]) -> None:
        self.registry = CollectorRegistry()
        self.work = WorkMetrics(self.registry)
        self.pruned = PruneMetrics(self.registry)
        self.stale = StaleChecks(self.registry)
        self.registry.register(TaskCollector(tasks))
        ProcessCollector(namespace="aucote_scanner", registry=self.registry)

    def load(self, engine: Engine) -> None:
        """Starting values read once (the open findings)."""
        self.work.load(engine)

    def exposition(self) -> bytes:
        """Prometheus' text format."""
        return generate_latest(self.registry)
