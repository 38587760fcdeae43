"""The API process's metrics and `/metrics`' body: its own registry (request latency by route, the
CVE data's age, its process's CPU and memory as `aucote_api_process_*`), then the scanning
process's metrics when there is one, and `aucote_service_up` saying whether it answered."""

from collections.abc import Callable

from prometheus_client import CollectorRegistry, ProcessCollector, generate_latest
from sqlalchemy import Engine

from aucote.api.errors import ApiError
from aucote.live.metrics import MetricsSource
from aucote.metrics.requests import request_histogram
from aucote.metrics.stored import StoredCollector

SERVICE_UP = "# HELP aucote_service_up Whether the scanning process answered this scrape\n"
SERVICE_UP += "# TYPE aucote_service_up gauge\naucote_service_up {}\n"


class ApiMetrics:
    """The registry of one app, and where the scanning process's metrics come from (None: no
    scanning process, e.g. `aucote serve`)."""

    def __init__(self, engine: Engine, clock: Callable[[], float], source: MetricsSource | None) -> None:
        self.registry = CollectorRegistry()
        self.requests = request_histogram(self.registry)
        self.registry.register(StoredCollector(engine, clock))
        ProcessCollector(namespace="aucote_api", registry=self.registry)
        self._source = source

    async def exposition(self) -> bytes:
        """Both processes' metrics in Prometheus' text format."""
        own = generate_latest(self.registry)
        if self._source is None:
            return own
        try:
            service = await self._source.exposition()
        except ApiError:
            return own + SERVICE_UP.format(0).encode()
        return own + SERVICE_UP.format(1).encode() + service
