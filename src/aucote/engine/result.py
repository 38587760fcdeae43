"""What a scan run reports back to its caller (the CLI's table, the service's status)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from aucote.model.exploit import Exploit
from aucote.model.finding import Finding, Scoring, scoring
from aucote.model.status import CheckStatus, RiskLevel, ScanStatus
from aucote.model.target import Port


@dataclass(frozen=True, slots=True)
class ReportedFinding:
    """A finding (or informational output) with the port and exploit it belongs to."""

    port: Port
    exploit: Exploit
    finding: Finding

    @property
    def scoring(self) -> Scoring:
        """Its CVE, CVSS and risk, resolved by `model.finding.scoring`."""
        return scoring(self.finding, self.exploit)


@dataclass(slots=True)
class ScanResult:
    """Counts, findings (risk ≥ Low) and informational outputs (risk None) of one run, kept
    apart; `scan_ids` maps scanner name → scan id."""

    scan_ids: dict[str, int] = field(default_factory=dict)
    status: ScanStatus = ScanStatus.IN_PROGRESS
    reason: str | None = None
    hosts: int = 0
    open_ports: int = 0
    checks: dict[CheckStatus, int] = field(default_factory=dict)
    findings: list[ReportedFinding] = field(default_factory=list)
    informational: list[ReportedFinding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, status: CheckStatus) -> None:
        """One more security scan ended with `status`."""
        self.checks[status] = self.checks.get(status, 0) + 1

    def report(self, port: Port, exploit: Exploit, findings: Iterable[Finding]) -> None:
        """File what one exploit reported on a port as findings or informational outputs."""
        for finding in findings:
            item = ReportedFinding(port, exploit, finding)
            (self.findings if item.scoring.is_finding else self.informational).append(item)

    def by_risk(self) -> dict[RiskLevel, int]:
        """How many findings of each risk, highest first (risks with none left out)."""
        counts = {risk: 0 for risk in (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)}
        for item in self.findings:
            counts[item.scoring.risk_level] += 1
        return {risk: count for risk, count in counts.items() if count}
