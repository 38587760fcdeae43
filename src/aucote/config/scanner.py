"""One scanner's section, `portdetection.<scanner>`: when it runs, what it scans, how fast, what it runs."""

from typing import Literal

from pydantic import Field, field_validator

from aucote.config.base import Section
from aucote.config.fields import CronExpression, NetworkList, Period, PortSpecList

ScanType = Literal["LIVE", "PERIODIC"]
LIVE_PERIOD = 60.0
"""A LIVE scanner looks for new hosts this often (seconds)."""


class PeriodicScanSettings(Section):
    """When a PERIODIC scanner runs."""

    cron: CronExpression = "0 0 * * *"


class LiveScanSettings(Section):
    """How a LIVE scanner (run every minute) picks nodes."""

    min_time_gap: Period = 86400.0


class NetworksSettings(Section):
    """Which addresses a scanner covers."""

    include: NetworkList = Field(default_factory=list)
    exclude: NetworkList = Field(default_factory=list)


class PortsSettings(Section):
    """Which ports a scanner covers (nmap port syntax)."""

    include: PortSpecList = Field(default_factory=list)
    exclude: PortSpecList = Field(default_factory=list)


class ScannerSettings(Section):
    """`portdetection.<scanner>`; see docs/configuration.md for which keys matter to which scanner."""

    scan_enabled: bool = True
    scan_type: ScanType = "PERIODIC"
    periodic_scan: PeriodicScanSettings = Field(default_factory=PeriodicScanSettings)
    live_scan: LiveScanSettings = Field(default_factory=LiveScanSettings)
    networks: NetworksSettings = Field(default_factory=NetworksSettings)
    ports: PortsSettings = Field(default_factory=PortsSettings)
    scan_rate: int = Field(default=50, gt=0)
    run_after: list[str] = Field(default_factory=list)
    scripts: list[int] = Field(default_factory=list)
    host_discovery: bool = True
    host_timeout: Period = 3600.0
    max_retries: int = Field(default=5, ge=0, le=50)
    defeat_icmp_ratelimit: bool = False
    open_filtered: bool = False
    """UDP port scanners: record and check the ports nmap reports `open|filtered` (no answer)."""
    name: str | None = None
    scan_nodes: bool = False
    """Tools scanners: run node-level checks (catalogue `node_level`) once per node; never if false."""
    version_intensity: int | None = Field(default=None, ge=0, le=9)

    @field_validator("scan_type", mode="before")
    @classmethod
    def _upper_case(cls, scan_type: object) -> object:
        return scan_type.upper() if isinstance(scan_type, str) else scan_type

    @field_validator("scripts")
    @classmethod
    def _exploit_ids(cls, scripts: list[int]) -> list[int]:
        negative = [script for script in scripts if script < 0]
        if negative:
            raise ValueError(f"exploit ids are not negative, got {negative[0]}")
        return scripts
