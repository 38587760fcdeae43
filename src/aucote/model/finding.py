"""What a check reports about one port, and the one place its CVE, CVSS and risk are resolved."""

from dataclasses import dataclass

from aucote.model.exploit import Exploit
from aucote.model.status import RiskLevel


@dataclass(frozen=True, slots=True)
class Finding:
    """One vulnerability found by one exploit; cve/cvss default to the exploit's own."""

    output: str
    subid: int = 0
    cve: str | None = None
    cvss: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scoring:
    """A finding's CVE list (comma-separated), CVSS score (None: unknown) and risk."""

    cve: str | None
    cvss: float | None
    risk_level: RiskLevel

    @property
    def is_finding(self) -> bool:
        """Risk Low or above: a finding; risk None is informational output (evidence of what was
        seen), kept but not counted, listed or notified as a finding."""
        return self.risk_level is not RiskLevel.NONE


def scoring(finding: Finding, exploit: Exploit) -> Scoring:
    """The finding's own CVE/CVSS, else the exploit's; the catalogue's CVSS 0.0 means unknown."""
    return Scoring(
        cve=finding.cve or (",".join(exploit.cve) or None),
        cvss=finding.cvss if finding.cvss is not None else (exploit.cvss or None),
        risk_level=exploit.risk_level,
    )
