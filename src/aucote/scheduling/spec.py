"""A scanner as the scheduler sees it: plain data built from `portdetection.<name>`."""

from dataclasses import dataclass
from typing import Literal

from aucote.config.scanner import LIVE_PERIOD, ScannerSettings
from aucote.config.scanners import PORT_SCANNERS

__all__ = ["LIVE_PERIOD", "Kind", "ScannerSpec", "spec_of"]

Kind = Literal["ports", "tools"]


@dataclass(frozen=True, slots=True)
class ScannerSpec:
    """When a scanner runs and what follows it."""

    name: str
    kind: Kind
    enabled: bool
    scan_type: Literal["LIVE", "PERIODIC"]
    cron: str
    min_time_gap: float
    run_after: tuple[str, ...] = ()
    display_name: str | None = None


def spec_of(name: str, settings: ScannerSettings) -> ScannerSpec:
    """The schedule of scanner `name`."""
    return ScannerSpec(
        name=name,
        kind="ports" if name in PORT_SCANNERS else "tools",
        enabled=settings.scan_enabled,
        scan_type=settings.scan_type,
        cron=settings.periodic_scan.cron,
        min_time_gap=settings.live_scan.min_time_gap,
        run_after=tuple(settings.run_after),
        display_name=settings.name,
    )
