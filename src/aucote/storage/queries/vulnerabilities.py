"""Vulnerabilities: findings of security scans, read with scan, node and exploit in one statement."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, and_, func, select

from aucote.model.status import RiskLevel
from aucote.storage.queries.columns import (
    exploit_columns,
    node_columns,
    read_exploit,
    read_node,
    read_scan,
    scan_columns,
)
from aucote.storage.queries.filters import equal_to
from aucote.storage.queries.paging import Page, Window, by_offset, by_seq, cut
from aucote.storage.queries.records import ExploitRef, NodeRef, ScanRow, storable_id
from aucote.storage.queries.scans import recent_scans
from aucote.storage.queries.targets import TargetFilter, target_conditions
from aucote.storage.queries.triage import (
    TriageFilter,
    TriageInfo,
    applies,
    matching,
    read_triage,
    same_key,
    triage_columns,
)
from aucote.storage.tables import exploits, nodes, scans, triage, vulnerabilities

OUTPUT_PREVIEW = 100


@dataclass(frozen=True, slots=True)
class VulnerabilityFilter:
    """Which findings to list: a target (window on the finding's time) plus finding attributes.
    `cve` matches a part of the stored CVE list; `expired` asks for an expiration time or none;
    `min_risk` keeps the risk levels at or above it (None < Low < Medium < High); `triage` keeps
    the findings of a triage view (storage.queries.triage)."""

    target: TargetFilter = field(default_factory=TargetFilter)
    risk_level: str | None = None
    cve: str | None = None
    expired: bool | None = None
    min_risk: RiskLevel | None = None
    triage: TriageFilter | None = None

    def is_empty(self) -> bool:
        """Whether nothing is filtered."""
        finding = (self.risk_level, self.cve, self.expired, self.min_risk, self.triage)
        return self.target.is_empty() and all(value is None for value in finding)


@dataclass(frozen=True, slots=True)
class VulnerabilityRow:
    """A finding with its port, scan and exploit (`output` is cut to a preview in lists)."""

    id: int
    security_scan_id: int
    node: NodeRef
    port: int
    protocol: int
    scan: ScanRow
    exploit: ExploitRef
    output: str
    cve: str | None
    cvss: float | None
    risk_level: str
    time: float
    expiration_time: float | None
    triage: TriageInfo | None = None
    """The triage applying to it, when asked for (`triage_at`)."""


def list_vulnerabilities(
    connection: Connection, where: VulnerabilityFilter, window: Window, *, triage_at: float | None = None
) -> Page[VulnerabilityRow]:
    """Findings in insertion (seq) order, outputs cut to `OUTPUT_PREVIEW` characters, each with the
    triage applying at `triage_at` when given. Unfiltered, page p is the index range
    seq > p*limit; filtered, ORDER BY seq LIMIT/OFFSET."""
    output = func.substr(vulnerabilities.c.output, 1, OUTPUT_PREVIEW)
    statement = _select(output, triage_at)
    if where.is_empty():
        statement = by_seq(statement, vulnerabilities.c.seq, window, vulnerabilities.name)
    else:
        statement = statement.where(*conditions(where)).order_by(vulnerabilities.c.seq)
        statement = by_offset(statement, window)
    return cut([_read(row, triage_at) for row in connection.execute(statement)], window)


def get_vulnerability(
    connection: Connection, vulnerability_id: int, *, triage_at: float | None = None
) -> VulnerabilityRow | None:
    """One finding with its whole output (and the triage applying at `triage_at`), or None."""
    if not storable_id(vulnerability_id):
        return None
    statement = _select(vulnerabilities.c.output, triage_at).where(vulnerabilities.c.id == vulnerability_id)
    row = connection.execute(statement).first()
    return None if row is None else _read(row, triage_at)


def scans_of_finding(connection: Connection, row: VulnerabilityRow) -> list[ScanRow]:
    """The last scans in which the same exploit reported a finding on the same port."""
    same = select(vulnerabilities.c.scan_id).where(
        vulnerabilities.c.node_id == row.node.id,
        vulnerabilities.c.protocol == row.protocol,
        vulnerabilities.c.port == row.port,
        vulnerabilities.c.exploit_id == row.exploit.id,
    )
    return recent_scans(connection, same)


def conditions(where: VulnerabilityFilter) -> list[ColumnElement[bool]]:
    """The filter as conditions on vulnerabilities joined to nodes, exploits and scans (the list's
    and the export's one reading of a filter)."""
    table = vulnerabilities
    found = target_conditions(where.target, table, table.c.time)
    found += equal_to([(table.c.risk_level, where.risk_level)])
    if where.min_risk is not None:
        found.append(table.c.risk_level.in_(at_or_above(where.min_risk)))
    if where.cve is not None:
        found.append(table.c.cve.contains(where.cve, autoescape=True))
    if where.expired is not None:
        expiry = table.c.expiration_time
        found.append(expiry.is_not(None) if where.expired else expiry.is_(None))
    if where.triage is not None:
        found.append(matching(where.triage))
    return found


def at_or_above(level: RiskLevel) -> list[str]:
    """The stored risk levels at or above `level`, in the order RiskLevel declares them."""
    levels = list(RiskLevel)
    return [risk.value for risk in levels[levels.index(level) :]]


def _select(output: ColumnElement[str], triage_at: float | None) -> Select[Any]:
    """The finding with its scan, node and exploit; with `triage_at`, and the triage applying then
    (an outer join on the triage's unique key)."""
    table = vulnerabilities
    names = ("id", "security_scan_id", "port", "protocol", "cve", "cvss", "risk_level", "time")
    columns = [*(table.c[name] for name in names), table.c.expiration_time, output.label("output")]
    joined = (
        table.join(scans, scans.c.id == table.c.scan_id)
        .join(nodes, nodes.c.id == table.c.node_id)
        .join(exploits, exploits.c.id == table.c.exploit_id)
    )
    if triage_at is None:
        return select(*columns, *node_columns(), *scan_columns(), *exploit_columns()).select_from(joined)
    joined = joined.outerjoin(triage, and_(same_key(triage), applies(triage, triage_at)))
    parts = (*node_columns(), *scan_columns(), *exploit_columns(), *triage_columns())
    return select(*columns, *parts).select_from(joined)


def _read(row: Row[Any], triage_at: float | None = None) -> VulnerabilityRow:
    return VulnerabilityRow(
        row.id,
        row.security_scan_id,
        read_node(row),
        row.port,
        row.protocol,
        read_scan(row),
        read_exploit(row),
        row.output,
        row.cve,
        row.cvss,
        row.risk_level,
        row.time,
        row.expiration_time,
        None if triage_at is None else read_triage(row),
    )
