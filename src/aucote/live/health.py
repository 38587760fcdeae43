"""What readiness (`/readyz`) asks of the scanning process: the scanners stuck in a run, and the
CVE data age limit as configured now. Without a service (`aucote serve`, tests) a fixed answer."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ServiceHealth:
    """`stuck`: scanners whose run has lasted longer than service.health.stuck_after;
    `cve_max_age`: cve.max_age in seconds (None: not checked)."""

    stuck: Sequence[str] = ()
    cve_max_age: float | None = None


class HealthSource(Protocol):
    """Gives the service's own view of its health (a coroutine: the service may be another process)."""

    async def health(self) -> ServiceHealth:
        """The service's health now."""
        ...


class FixedHealth:
    """No scanning here: nothing is stuck; the CVE data age limit as given."""

    def __init__(self, cve_max_age: float | None = None) -> None:
        self._answer = ServiceHealth(cve_max_age=cve_max_age)

    async def health(self) -> ServiceHealth:
        """The fixed answer."""
        return self._answer
