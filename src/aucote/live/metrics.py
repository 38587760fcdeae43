"""Where the API process gets the scanning process's metrics: its Prometheus text, appended to the
API process's own at `/metrics` (a coroutine: the service is another process)."""

from typing import Protocol


class MetricsSource(Protocol):
    """Gives the scanning process's metrics in Prometheus' text format."""

    async def exposition(self) -> bytes:
        """The metrics now."""
        ...
