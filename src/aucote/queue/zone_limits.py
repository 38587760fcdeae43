"""The limits of each worker zone (`workers.zones.<name>.parallel_tasks`, `.scan_rate`): how many
of its jobs may be queued or running at once, and the packets/s cap of its port scans. The one
place that decides the rate of a port scan on the queue."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from aucote.config.workers import WorkersSettings
from aucote.engine.options import PortScanOptions


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneLimits:
    """Per zone name: parallel jobs and rate cap; zones not named take `default_parallel` and no cap."""

    parallel: Mapping[str, int]
    rates: Mapping[str, int]
    default_parallel: int

    @classmethod
    def of(cls, settings: WorkersSettings, default_parallel: int) -> "ZoneLimits":
        """From the `workers` section; `default_parallel` is `service.scans.parallel_tasks`."""
        zones = settings.zones.items()
        return cls(
            parallel={name: zone.parallel_tasks for name, zone in zones if zone.parallel_tasks is not None},
            rates={name: zone.scan_rate for name, zone in zones if zone.scan_rate is not None},
            default_parallel=default_parallel,
        )

    def parallel_of(self, zone: str) -> int:
        """How many jobs of `zone` may be queued or running at once."""
        return self.parallel.get(zone, self.default_parallel)

    def port_scan(self, zone: str, scan: PortScanOptions) -> PortScanOptions:
        """`scan` for a host of `zone`: its rate is the lower of the scanner's and the zone's cap."""
        return replace(scan, max_rate=capped_rate(scan.max_rate, self.rates.get(zone)))


def capped_rate(rate: int | None, cap: int | None) -> int | None:
    """The scanner's rate under the zone's cap (None: no limit)."""
    if cap is None:
        return rate
    return cap if rate is None else min(rate, cap)
