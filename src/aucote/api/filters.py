"""The filters each list accepts (query parameters beyond paging), turned into storage filters.
Every filter is optional; `since` is inclusive and `until` exclusive."""

import time
from dataclasses import fields

from aucote.api.params import (
    Absent,
    AuditActionFilter,
    CheckStatusFilter,
    ExportFormatName,
    FindingInclude,
    Include,
    Ip,
    MinRisk,
    Paging,
    Parameters,
    PortNumber,
    ProtocolName,
    ReasonFilter,
    Risk,
    RowId,
    Seconds,
    Status,
    Text,
    TriageFilterValue,
    TriageStateFilter,
    protocol_number,
)
from aucote.model.access import AuditAction
from aucote.model.export import ExportFormat
from aucote.model.status import RiskLevel
from aucote.model.triage import TriageState, TriageView
from aucote.storage.queries.audit import AuditFilter
from aucote.storage.queries.changes import ChangeFilter
from aucote.storage.queries.exploits import ExploitFilter
from aucote.storage.queries.node_scans import NodeScanFilter
from aucote.storage.queries.port_scans import PortScanFilter
from aucote.storage.queries.scans import ScanFilter
from aucote.storage.queries.security_scans import SecurityScanFilter
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.queries.triage import TriageFilter, TriageListFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter

TARGET_FIELDS = frozenset(field.name for field in fields(TargetFilter))
PORT_SCAN_FIELDS = frozenset(field.name for field in fields(PortScanFilter))


class TargetFilters(Parameters):
    """Rows of a node, port, exploit, scan or scanner, in a time window."""

    node_ip: Ip | Absent = None
    node_id: RowId | Absent = None
    port: PortNumber | Absent = None
    protocol: ProtocolName | Absent = None
    exploit_id: RowId | Absent = None
    exploit_app: Text | Absent = None
    exploit_name: Text | Absent = None
    scan_id: RowId | Absent = None
    scanner: Text | Absent = None
    since: Seconds | Absent = None
    until: Seconds | Absent = None

    def target(self) -> TargetFilter:
        """The storage filter of the target."""
        values = self.model_dump(include=set(TARGET_FIELDS))
        return TargetFilter(**{**values, "protocol": protocol_number(self.protocol)})


class TargetParameters(TargetFilters, Paging):
    """A page of the rows of a target (paging first, then the filters)."""


class SecurityScanParameters(TargetParameters):
    """Security scans of a target (since/until on scan_start), in a status, for a reason;
    `include=outcome` adds each one's outcome to the body."""

    status: CheckStatusFilter | Absent = None
    reason: ReasonFilter | Absent = None
    include: Include | Absent = None

    def where(self) -> SecurityScanFilter:
        """The storage filter."""
        return SecurityScanFilter(self.target(), self.status, self.reason)


class SecurityScanItemParameters(Parameters):
    """`include=outcome` adds the security scan's outcome to the body."""

    include: Include | Absent = None


def triage_filter(view: str | None, now: float) -> TriageFilter | None:
    """The storage filter of a `triage` parameter (a TriageFilterValue), as of `now`."""
    return None if view is None else TriageFilter(TriageView(view), now)


class VulnerabilityFilters(TargetFilters):
    """Findings of a target (since/until on the finding's time) plus risk level, a CVE (matching
    part of the finding's CVE list), whether the finding expired, a lowest risk level and a triage
    view."""

    risk_level: Risk | Absent = None
    cve: Text | Absent = None
    expired: bool | Absent = None
    min_risk: MinRisk | Absent = None
    triage: TriageFilterValue | Absent = None

    def where(self, now: float | None = None) -> VulnerabilityFilter:
        """The storage filter; a triage view applies as of `now` (the clock's time when None)."""
        min_risk = None if self.min_risk is None else RiskLevel(self.min_risk)
        triage = triage_filter(self.triage, time.time() if now is None else now)
        return VulnerabilityFilter(self.target(), self.risk_level, self.cve, self.expired, min_risk, triage)


class VulnerabilityParameters(VulnerabilityFilters, Paging):
    """A page of findings (paging first, then the filters); `include=triage` adds each finding's
    triage to the body."""

    include: FindingInclude | Absent = None


class VulnerabilityItemParameters(Parameters):
    """`include=triage` adds the finding's triage to the body."""

    include: FindingInclude | Absent = None


class TriageParameters(Paging):
    """Triage entries by state, node, port or exploit; `expired` (past their expiry, or applying)
    and `changed` (flagged as changed since triage, or not)."""

    state: TriageStateFilter | Absent = None
    node_ip: Ip | Absent = None
    node_id: RowId | Absent = None
    port: PortNumber | Absent = None
    protocol: ProtocolName | Absent = None
    exploit_id: RowId | Absent = None
    expired: bool | Absent = None
    changed: bool | Absent = None

    def where(self, now: float) -> TriageListFilter:
        """The storage filter, expiry as of `now`."""
        values = self.model_dump(exclude={"limit", "page", "state", "protocol"})
        state = None if self.state is None else TriageState(self.state)
        return TriageListFilter(now=now, state=state, protocol=protocol_number(self.protocol), **values)


class ScanParameters(Paging):
    """Scans of a scanner, in a status; since/until on start."""

    scanner: Text | Absent = None
    status: Status | Absent = None
    since: Seconds | Absent = None
    until: Seconds | Absent = None

    def where(self) -> ScanFilter:
        """The storage filter."""
        return ScanFilter(self.scanner, self.status, self.since, self.until)


class NodeScanParameters(Paging):
    """Node scans of a scan, node or scanner; since/until on the node scan's time."""

    scan_id: RowId | Absent = None
    node_id: RowId | Absent = None
    node_ip: Ip | Absent = None
    scanner: Text | Absent = None
    since: Seconds | Absent = None
    until: Seconds | Absent = None

    def where(self) -> NodeScanFilter:
        """The storage filter."""
        return NodeScanFilter(**self.model_dump(exclude={"limit", "page"}))


class PortScanFilters(Parameters):
    """Port scans of a scan, node, port or scanner; since/until on the port scan's time."""

    scan_id: RowId | Absent = None
    node_id: RowId | Absent = None
    node_ip: Ip | Absent = None
    port: PortNumber | Absent = None
    protocol: ProtocolName | Absent = None
    scanner: Text | Absent = None
    since: Seconds | Absent = None
    until: Seconds | Absent = None

    def where(self) -> PortScanFilter:
        """The storage filter."""
        values = self.model_dump(include=set(PORT_SCAN_FIELDS))
        return PortScanFilter(**{**values, "protocol": protocol_number(self.protocol)})


class PortScanParameters(PortScanFilters, Paging):
    """A page of port scans (paging first, then the filters)."""


class ChangeParameters(Paging):
    """Changes of a scan, node, port or kind; since/until on the change's time."""

    scan_id: RowId | Absent = None
    node_id: RowId | Absent = None
    node_ip: Ip | Absent = None
    port: PortNumber | Absent = None
    protocol: ProtocolName | Absent = None
    kind: Text | Absent = None
    since: Seconds | Absent = None
    until: Seconds | Absent = None

    def where(self) -> ChangeFilter:
        """The storage filter."""
        values = self.model_dump(exclude={"limit", "page"})
        return ChangeFilter(**{**values, "protocol": protocol_number(self.protocol)})


class ExploitParameters(Paging):
    """Exploits of an app, by name, risk level or category."""

    app: Text | Absent = None
    name: Text | Absent = None
    risk_level: Risk | Absent = None
    category: Text | Absent = None

    def where(self) -> ExploitFilter:
        """The storage filter."""
        return ExploitFilter(self.app, self.name, self.risk_level, self.category)


class AuditParameters(Paging):
    """Audit entries of an actor, an action, a target or an address; since/until on the entry's time."""

    actor: Text | Absent = None
    action: AuditActionFilter | Absent = None
    target: Text | Absent = None
    address: Ip | Absent = None
    since: Seconds | Absent = None
    until: Seconds | Absent = None

    def where(self) -> AuditFilter:
        """The storage filter."""
        action = None if self.action is None else AuditAction(self.action)
        values = self.model_dump(exclude={"limit", "page", "action"})
        return AuditFilter(**values, action=action)


class ExportChoice(Parameters):
    """The file format of an export (CSV when not given)."""

    format: ExportFormatName = "csv"

    def export_format(self) -> ExportFormat:
        """The format as the model names it."""
        return ExportFormat(self.format)


class FindingExportParameters(VulnerabilityFilters, ExportChoice):
    """An export of findings: the format, then the vulnerability list's filters (without paging)."""


class HostExportParameters(PortScanFilters, ExportChoice):
    """An export of hosts: the format, then the port list's filters (without paging)."""
