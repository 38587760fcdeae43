"""Findings as an export reads them: the API list's filter (vulnerabilities.conditions), in the
list's order (insertion, `seq`), with the whole output and the exploit's catalogue text read once
per exploit; one query, streamed from the database's cursor a batch at a time.

One query rather than a page per batch (`seq > last … LIMIT`): with a filter that has an index of
its own (`expired=false`, `scanner`), SQLite reads every match and sorts them for each page, which
makes a paged export quadratic; one ordered query sorts at most once. The records are NamedTuples:
an export makes a million of them, and a NamedTuple is built about four times faster than a frozen
dataclass."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, select

from aucote.model.finding import Scoring
from aucote.model.status import RiskLevel
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter, conditions
from aucote.storage.tables import exploits, nodes, scans, vulnerabilities


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


class PortRef(NamedTuple):
    """A port of a node."""

    node_id: int
    ip: str
    port: int
    protocol: int


class FindingRecord(NamedTuple):
    """A vulnerability with its port, exploit, scan and scoring (CVE, CVSS, risk as stored by the
    one scoring rule, model.finding.scoring), and its position in the list (`seq`). The port's
    fields are flat (one object less per row); `place` gathers them."""

    id: int
    seq: int
    node_id: int
    ip: str
    port: int
    protocol: int
    subid: int
    exploit: ExploitInfo
    scan_id: int
    scanner: str
    output: str
    scoring: Scoring
    time: float
    expiration_time: float | None

    @property
    def place(self) -> PortRef:
        """The port of the finding."""
        return PortRef(self.node_id, self.ip, self.port, self.protocol)


def stream_findings(
    connection: Connection, where: VulnerabilityFilter, batch: int
) -> Iterator[list[FindingRecord]]:
    """The findings matching `where` in seq order, `batch` at a time, read as they are asked for
    (the rows come `batch` at a time from the database's cursor)."""
    known: dict[int, ExploitInfo] = {}
    result = connection.execution_options(yield_per=batch).execute(_select(where))
    for rows in result.partitions():
        _learn_exploits(connection, {row[EXPLOIT_ID] for row in rows} - known.keys(), known)
        scores: dict[tuple[str | None, float | None, str], Scoring] = {}
        yield [_read(row, known, scores) for row in rows]


EXPLOIT_ID = 6
"""The exploit id's position in a row of `_select`."""


def _select(where: VulnerabilityFilter) -> Select[Any]:
    """The columns in the order `_read` unpacks them (the exploit by id only)."""
    table = vulnerabilities
    names = (
        "id",
        "seq",
        "node_id",
        "port",
        "protocol",
        "subid",
        "exploit_id",
        "scan_id",
        "output",
        "cve",
        "cvss",
    )
    columns: list[Any] = [table.c[name] for name in (*names, "risk_level", "time", "expiration_time")]
    return (
        select(*columns, nodes.c.ip, scans.c.scanner)
        .select_from(
            table.join(scans, scans.c.id == table.c.scan_id)
            .join(nodes, nodes.c.id == table.c.node_id)
            .join(exploits, exploits.c.id == table.c.exploit_id)
        )
        .where(*conditions(where))
        .order_by(table.c.seq)
    )


def _read(
    row: Sequence[Any],
    known: dict[int, ExploitInfo],
    scores: dict[tuple[str | None, float | None, str], Scoring],
) -> FindingRecord:
    """A row as a record (positional, and the scoring shared among equal ones: this runs once per
    exported finding)."""
    (
        row_id,
        seq,
        node_id,
        port,
        protocol,
        subid,
        exploit_id,
        scan_id,
        output,
        cve,
        cvss,
        risk,
        time,
        expiry,
        ip,
        scanner,
    ) = row
    key = (cve, cvss, risk)
    scoring = scores.get(key) or scores.setdefault(
        key, Scoring(cve=cve, cvss=cvss, risk_level=RiskLevel(risk))
    )
    exploit = known[exploit_id]
    return FindingRecord(
        row_id,
        seq,
        node_id,
        ip,
        port,
        protocol,
        subid,
        exploit,
        scan_id,
        scanner,
        output,
        scoring,
        time,
        expiry,
    )


def _learn_exploits(connection: Connection, ids: set[int], known: dict[int, ExploitInfo]) -> None:
    """Read the exploits not met before (the catalogue is small, the rows are not)."""
    if not ids:
        return
    names = ("id", "app", "name", "title", "description", "category", "risk_level", "cvss")
    for row in connection.execute(
        select(*(exploits.c[name] for name in names)).where(exploits.c.id.in_(ids))
    ):
        known[row.id] = ExploitInfo(**dict(zip(names, row, strict=True)))
