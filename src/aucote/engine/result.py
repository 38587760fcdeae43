"""What a scan run reports back to its caller (the CLI's table, the service's status)."""

from dataclasses import dataclass, field

from aucote.model.exploit import Exploit
from aucote.model.finding import Finding
from aucote.model.status import CheckStatus, ScanStatus
from aucote.model.target import Port


@dataclass(frozen=True, slots=True)
class ReportedFinding:
    """A finding with the port and exploit it belongs to."""

    port: Port
    exploit: Exploit
    finding: Finding


@dataclass(slots=True)
class ScanResult:
    """Counts and findings of one run; `scan_ids` maps scanner name → scan id."""

    scan_ids: dict[str, int] = field(default_factory=dict)
    status: ScanStatus = ScanStatus.IN_PROGRESS
    reason: str | None = None
    hosts: int = 0
    open_ports: int = 0
    checks: dict[CheckStatus, int] = field(default_factory=dict)
    findings: list[ReportedFinding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, status: CheckStatus) -> None:
        """One more security scan ended with `status`."""
        self.checks[status] = self.checks.get(status, 0) + 1
