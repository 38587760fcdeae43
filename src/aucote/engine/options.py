"""What one scan run is asked to do, as plain data (built from settings by the entry points)."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol


@dataclass(frozen=True, slots=True)
class PortScanOptions:
    """How a port scanner (`tcp`, `udp`) finds open ports."""

    scanner: str
    protocol: Protocol
    ports: str
    exclude_ports: str | None = None
    host_discovery: bool = True
    max_rate: int | None = None
    host_timeout: float | None = None
    max_retries: int | None = None
    defeat_icmp_ratelimit: bool = False
    open_filtered: bool = False
    """UDP only: also record and check the ports nmap reports `open|filtered`."""


@dataclass(frozen=True, slots=True)
class ToolOptions:
    """One app's switch, command, timeout and extra options (`tools.<app>`)."""

    enabled: bool = True
    command: str | None = None
    timeout: float = 600.0
    options: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MasscanOptions:
    """masscan as the port finder of IPv4 TCP scans (`tools.masscan`); every port it reports is
    verified by nmap before it is recorded."""

    args: tuple[str, ...]
    command: str = "masscan"
    rate: int = 10_000
    timeout: float = 7200.0


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """A whole run: targets, port scanners, which checks, and the limits."""

    targets: TargetSet
    port_scans: tuple[PortScanOptions, ...]
    tools_scanner: str = "tools_basic"
    profile: str | None = "basic"
    scripts: tuple[int, ...] = ()
    tools: Mapping[str, ToolOptions] = field(default_factory=dict)
    parallel_tasks: int = 30
    allow_intrusive: bool = False
    """Run intrusive checks (`service.scans.intrusive`); off: they are recorded SKIPPED."""
    allow_default_credentials: bool = True
    """Run default-credential checks (`service.scans.default_credentials`); off: recorded SKIPPED."""
    privileged: bool = False
    version_intensity: int | None = None
    nmap: str = "nmap"
    nmap_timeout: float = 7200.0
    run_checks: bool = True
    masscan: MasscanOptions | None = None
    scan_nodes: bool = False
    """Run node-level checks (NSE host scripts) once per node (`portdetection.<tools>.scan_nodes`)."""

    def tool(self, app: str) -> ToolOptions:
        """The options of `app` (enabled with defaults when not configured)."""
        return self.tools.get(app, ToolOptions())
