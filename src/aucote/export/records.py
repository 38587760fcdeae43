"""The rows an export writes: plain frozen values read from storage."""

from dataclasses import dataclass

from aucote.model.finding import Scoring
from aucote.storage.queries.port_scans import ServiceRow


@dataclass(frozen=True, slots=True, kw_only=True)
class ExploitInfo:
    """The exploit that reported a finding, as the catalogue describes it."""

    id: int
    app: str
    name: str
    title: str
    description: str
    category: str
    risk_level: str
    cvss: float

    @property
    def rule_id(self) -> str:
        """`app/name`, unique in the catalogue (the SARIF rule id, DefectDojo's vuln_id_from_tool)."""
        return f"{self.app}/{self.name}"

    @property
    def label(self) -> str:
        """The title, or `app/name` when the catalogue gives none."""
        return self.title or self.rule_id


@dataclass(frozen=True, slots=True, kw_only=True)
class PortRef:
    """A port of a node."""

    node_id: int
    ip: str
    port: int
    protocol: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingRecord:
    """A vulnerability with its exploit, port, scan and scoring (CVE, CVSS, risk as stored by the
    one scoring rule, model.finding.scoring)."""

    id: int
    place: PortRef
    subid: int
    exploit: ExploitInfo
    scan_id: int
    scanner: str
    output: str
    scoring: Scoring
    time: float
    expiration_time: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class HostRecord:
    """An open port of a node, once: first and last time a matching port scan saw it open, how many
    did, the newest of them (its scan) and the newest service detected there (None: never)."""

    place: PortRef
    service: ServiceRow | None
    first_seen: float
    last_seen: float
    seen: int
    scan_id: int
    scanner: str
