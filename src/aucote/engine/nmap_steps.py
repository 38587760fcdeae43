"""The nmap steps of a scan: host discovery, port discovery of one host, service detection of one port.
Each builds its command, runs it through the runner and returns parsed results or raises
StepFailed with the reason."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.targets import IPNetwork
from aucote.model.target import IPAddress, Port, Service
from aucote.tools.errors import ParseError
from aucote.tools.nmap.argv import discovery_argv, port_scan_argv, service_argv
from aucote.tools.nmap.report import NmapPort, NmapRun
from aucote.tools.nmap.service import to_service
from aucote.tools.nmap.xml import parse_nmap_xml
from aucote.tools.result import ToolResult
from aucote.tools.runner import Runner

RECORDED_STATES: Final = {False: frozenset({"open"}), True: frozenset({"open", "open|filtered"})}
"""The port states recorded and checked, by `PortScanOptions.open_filtered`."""


class StepFailed(Exception):
    """An nmap step could not give a result (timeout, crash, unreadable output)."""


@dataclass(frozen=True, slots=True)
class NmapSteps:
    """The nmap commands of one scan run, sharing its options and runner."""

    options: ScanOptions
    runner: Runner

    async def live_hosts(
        self, networks: Sequence[IPNetwork], exclude: Sequence[IPNetwork]
    ) -> list[IPAddress]:
        """Addresses among `networks` (minus `exclude`) that answer a ping scan."""
        argv = discovery_argv(
            list(networks), privileged=self.options.privileged, exclude=list(exclude), nmap=self.options.nmap
        )
        run = await self._run(argv, self.options.nmap_timeout)
        return [host.address for host in run.hosts if host.is_up]

    async def open_ports(self, ip: IPAddress, scan: PortScanOptions) -> list[NmapPort]:
        """The open ports of one host for one protocol (with `open_filtered`, also the UDP ports
        nmap reports `open|filtered`: nothing answered, as from a TFTP server, which replies from
        another port)."""
        argv = port_scan_argv(
            [ip],
            scan.ports,
            protocol=scan.protocol,
            privileged=self.options.privileged,
            skip_discovery=True,
            max_rate=scan.max_rate,
            host_timeout=scan.host_timeout,
            max_retries=scan.max_retries,
            exclude_ports=scan.exclude_ports,
            defeat_icmp_ratelimit=scan.defeat_icmp_ratelimit,
            nmap=self.options.nmap,
        )
        run = await self._run(argv, _limit(scan, self.options))
        states = RECORDED_STATES[scan.open_filtered]
        return [port for host in run.hosts for port in host.ports if port.state in states]

    async def service(self, port: Port, scan: PortScanOptions) -> Service | None:
        """Service detection (`-sV`) of one open port in its own nmap run, so that a slow service
        never holds back the checks of its neighbours (bench/service_detection_bench.py)."""
        argv = service_argv(
            port.node.ip,
            [port.number],
            protocol=port.protocol,
            privileged=self.options.privileged,
            version_intensity=self.options.version_intensity,
            host_timeout=scan.host_timeout,
            nmap=self.options.nmap,
        )
        run = await self._run(argv, _limit(scan, self.options))
        found = [found for host in run.hosts for found in host.ports if found.number == port.number]
        return to_service(found[0]) if found else None

    async def _run(self, argv: list[str], timeout: float) -> NmapRun:
        result = await self.runner(argv, timeout=timeout)
        return _parsed(result)


def _limit(scan: PortScanOptions, options: ScanOptions) -> float:
    """How long a per-host step may take: the scanner's host timeout (nmap enforces it itself)
    plus a minute of grace, or the nmap tool timeout when the scanner sets none."""
    return scan.host_timeout + 60.0 if scan.host_timeout else options.nmap_timeout


def _parsed(result: ToolResult) -> NmapRun:
    if result.timed_out:
        raise StepFailed(f"nmap timed out after {result.duration:.0f} s")
    try:
        run = parse_nmap_xml(result.stdout)
    except ParseError as error:
        stderr = result.stderr.decode(errors="replace").strip()
        raise StepFailed(f"nmap exited with status {result.returncode}: {error} {stderr}".strip()) from None
    if not run.stats.ok:
        raise StepFailed(f"nmap failed: {run.stats.errormsg}")
    return run
