"""Findings as the dashboard lists them: one row per finding (an exploit's report on a port:
node, protocol, port, exploit, subid), the newest stored report of it, with its first sighting.
Filtered like the API's vulnerability list plus a network, a first-seen bound and a state
(current or expired); sorted and paged by keyset (`keyset.py`), so any page costs the same."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from ipaddress import IPv4Network, IPv6Network
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Row,
    Select,
    and_,
    false,
    func,
    literal_column,
    select,
)

from aucote.model.status import RiskLevel
from aucote.model.triage import FindingKey
from aucote.storage.queries.columns import node_columns, read_node, read_scan, scan_columns
from aucote.storage.queries.cross_join import left_first
from aucote.storage.queries.filters import equal_to
from aucote.storage.queries.keyset import Cursor, KeysetPage, Order, keyset_arms, page_of, read_arms
from aucote.storage.queries.nodes import node_ids_in
from aucote.storage.queries.records import NodeRef, ScanRow, storable_id
from aucote.storage.queries.scans import recent_scans
from aucote.storage.queries.triage import TriageFilter, TriageInfo, matching, stored_triage
from aucote.storage.queries.vulnerabilities import at_or_above
from aucote.storage.tables import cvss_key, exploits, nodes, scans, vulnerabilities
from aucote.storage.tables import risk_rank as stored_rank

PREVIEW = 160
BATCH = 500
INFORMATIONAL = RiskLevel.NONE.value
Network = IPv4Network | IPv6Network


class FindingState(StrEnum):
    """Which findings: current (not expired), expired, or both."""

    OPEN = "open"
    EXPIRED = "expired"
    ALL = "all"


class FindingSort(StrEnum):
    """The orders the list offers."""

    NEWEST = "newest"
    OLDEST = "oldest"
    RISK = "risk"
    HOST = "host"
    CVSS = "cvss"


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingFilter:
    """Which findings; None means any. Informational output (risk None) only with `informational`
    or `risk="None"`; `exploit` matches a part of the exploit's name or title, `cve` a part of the
    finding's CVE list; `first_seen_since` bounds the finding's first report; `triage` keeps the
    findings of a triage view (the API's `triage` filter, storage.queries.triage)."""

    state: FindingState = FindingState.OPEN
    informational: bool = False
    risk: RiskLevel | None = None
    min_risk: RiskLevel | None = None
    exploit: str | None = None
    exploit_id: int | None = None
    cve: str | None = None
    node_ip: str | None = None
    network: Network | None = None
    port: int | None = None
    protocol: int | None = None
    scanner: str | None = None
    first_seen_since: float | None = None
    triage: TriageFilter | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingExploit:
    """The exploit of a finding, with its title."""

    id: int
    app: str
    name: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingRow:
    """A finding: its newest report (`id`, `time`, `scan`, an `output` preview), first sighting,
    and the triage stored for its exploit on its port (applying or not: `TriageInfo.applies`; only
    from `list_findings` and `get_finding`)."""

    id: int
    seq: int
    node: NodeRef
    port: int
    protocol: int
    subid: int
    exploit: FindingExploit
    risk_level: str
    cve: str | None
    cvss: float | None
    output: str
    time: float
    first_seen: float
    expiration_time: float | None
    scan: ScanRow
    triage: TriageInfo | None = None

    @property
    def key(self) -> FindingKey:
        """What its triage is keyed by: its exploit on its port."""
        return FindingKey(
            exploit_id=self.exploit.id, node_id=self.node.id, protocol=self.protocol, port=self.port
        )


def risk_rank(column: ColumnElement[str]) -> ColumnElement[int]:
    """High 3, Medium 2, Low 1, None 0 (for sorting by risk: the expression of an index)."""
    return stored_rank(column)


def orders() -> dict[FindingSort, Order]:
    """The sort orders as keyset orders (each ends with the unique seq)."""
    table = vulnerabilities
    return {
        FindingSort.NEWEST: Order((table.c.seq,), (int,), descending=True),
        FindingSort.OLDEST: Order((table.c.seq,), (int,), descending=False),
        FindingSort.RISK: Order((risk_rank(table.c.risk_level), table.c.seq), (int, int), descending=True),
        FindingSort.HOST: Order((nodes.c.ip, table.c.port, table.c.seq), (str, int, int), descending=False),
        FindingSort.CVSS: Order((_cvss(), table.c.seq), (float, int), descending=True),
    }


def list_findings(
    connection: Connection, where: FindingFilter, sort: FindingSort, cursor: Cursor | None, limit: int
) -> KeysetPage[FindingRow]:
    """One page of findings in `sort` order from `cursor`, each with its stored triage."""
    arms = page_statements(connection, where, sort, cursor, limit)
    rows = [_read(row) for row in read_arms(connection, arms, limit)]
    page = page_of(rows, _key_reader(sort), cursor, limit)
    return KeysetPage(with_triage(connection, page.rows), page.next, page.previous)


def page_statements(
    connection: Connection, where: FindingFilter, sort: FindingSort, cursor: Cursor | None, limit: int
) -> list[Select[Any]]:
    """The statements reading a page, in turn (keyset_arms: one row more than `limit`)."""
    statement = _select(func.substr(vulnerabilities.c.output, 1, PREVIEW), sort is FindingSort.HOST)
    statement = statement.where(*finding_conditions(connection, where))
    return keyset_arms(statement, orders()[sort], cursor, limit)


def get_finding(connection: Connection, vulnerability_id: int) -> FindingRow | None:
    """A stored report as a finding, with its whole output (any report, not only the newest) and
    its stored triage."""
    statement = _select(vulnerabilities.c.output).where(vulnerabilities.c.id == vulnerability_id)
    row = connection.execute(statement).first()
    return None if row is None else with_triage(connection, [_read(row)])[0]


def with_triage(connection: Connection, rows: list[FindingRow]) -> list[FindingRow]:
    """The rows, each with the triage stored for its exploit on its port (one statement)."""
    found = stored_triage(connection, [row.key for row in rows])
    return [replace(row, triage=found.get(row.key)) for row in rows]


def finding_keys(connection: Connection, report_ids: Sequence[int]) -> dict[int, FindingKey]:
    """The exploit on a port of each stored report (unknown ids, and ids no row can have, are left
    out), in statements of `BATCH` ids."""
    table, wanted = vulnerabilities, sorted({found for found in report_ids if storable_id(found)})
    found: dict[int, FindingKey] = {}
    for start in range(0, len(wanted), BATCH):
        statement = select(
            table.c.id, table.c.exploit_id, table.c.node_id, table.c.protocol, table.c.port
        ).where(table.c.id.in_(wanted[start : start + BATCH]))
        for row in connection.execute(statement):
            found[row.id] = FindingKey(
                exploit_id=row.exploit_id, node_id=row.node_id, protocol=row.protocol, port=row.port
            )
    return found


def finding_history(connection: Connection, finding: FindingRow, limit: int = 50) -> list[FindingRow]:
    """Every stored report of the same finding, newest first (at most `limit`)."""
    statement = _select(func.substr(vulnerabilities.c.output, 1, PREVIEW)).where(
        _same_finding(vulnerabilities, finding)
    )
    statement = statement.order_by(vulnerabilities.c.seq.desc()).limit(limit)
    return [_read(row) for row in connection.execute(statement)]


def finding_conditions(connection: Connection, where: FindingFilter) -> list[ColumnElement[bool]]:
    """The filter as conditions on vulnerabilities joined to nodes, exploits and scans; the
    network is read into node ids first (addresses are text in storage)."""
    table = vulnerabilities
    found: list[ColumnElement[bool]] = [table.c.replaced_by.is_(None)]
    found += _state(where.state)
    found += _risk(where)
    found += equal_to(
        [
            (nodes.c.ip, where.node_ip),
            (table.c.port, where.port),
            (table.c.protocol, where.protocol),
            (scans.c.scanner, where.scanner),
            (table.c.exploit_id, where.exploit_id),
        ]
    )
    if where.exploit is not None:
        found.append(
            exploits.c.name.contains(where.exploit, autoescape=True)
            | exploits.c.title.contains(where.exploit, autoescape=True)
        )
    if where.cve is not None:
        found.append(table.c.cve.contains(where.cve, autoescape=True))
    if where.network is not None:
        ids = node_ids_in(connection, where.network)
        found.append(table.c.node_id.in_(ids) if ids else false())
    if where.first_seen_since is not None:
        found.append(_first_seen() >= where.first_seen_since)
    if where.triage is not None:
        found.append(matching(where.triage))
    return found


def _state(state: FindingState) -> list[ColumnElement[bool]]:
    """Current or expired. Written so that no index on the expiry serves it (nearly every row is
    current, and one would keep the planner from reading rows in the order of the sort key), its
    constant in the SQL: the open findings' indexes hold exactly `… = -1.0` (storage.tables)."""
    expiry = func.coalesce(vulnerabilities.c.expiration_time, literal_column("-1.0"))
    if state is FindingState.OPEN:
        return [expiry == literal_column("-1.0")]
    return [expiry != literal_column("-1.0")] if state is FindingState.EXPIRED else []


def _risk(where: FindingFilter) -> list[ColumnElement[bool]]:
    risk = vulnerabilities.c.risk_level
    found: list[ColumnElement[bool]] = []
    if where.risk is not None:
        found.append(risk == where.risk.value)
    elif not where.informational:
        found.append(risk != literal_column(f"'{INFORMATIONAL}'"))  # as the predicate of its indexes
    if where.min_risk is not None:
        found.append(risk.in_(at_or_above(where.min_risk)))
    return found


def _same_finding(table: Any, finding: FindingRow) -> ColumnElement[bool]:
    return and_(
        table.c.node_id == finding.node.id,
        table.c.protocol == finding.protocol,
        table.c.port == finding.port,
        table.c.exploit_id == finding.exploit.id,
        table.c.subid == finding.subid,
    )


def _first_seen() -> ColumnElement[float]:
    """The finding's first report, as stored on each report (its own time on a row stored without)."""
    return func.coalesce(vulnerabilities.c.first_seen, vulnerabilities.c.time)


def _cvss() -> ColumnElement[float]:
    return cvss_key(vulnerabilities.c.cvss)


def _select(output: ColumnElement[str], by_host: bool = False) -> Select[Any]:
    table = vulnerabilities
    names = ("id", "seq", "port", "protocol", "subid", "risk_level", "cve", "cvss", "time")
    columns = [table.c[name] for name in names] + [table.c.expiration_time, output.label("output")]
    columns += [
        exploits.c.id.label("exploit_id"),
        exploits.c.app.label("exploit_app"),
        exploits.c.name.label("exploit_name"),
        exploits.c.title.label("exploit_title"),
        _first_seen().label("first_seen"),
        risk_rank(table.c.risk_level).label("risk_rank"),
        _cvss().label("cvss_key"),
    ]
    return select(*columns, *node_columns(), *scan_columns()).select_from(_joined(by_host))


def _joined(by_host: bool) -> FromClause:
    """Findings with their scan, node and exploit; `by_host`: the nodes read first (in address
    order, the host order's first key), then each node's findings by port and seq (the
    newest_host index), so that a page stops after its rows instead of sorting them all."""
    table = vulnerabilities
    if by_host:
        nodes_first = left_first(nodes, table, nodes.c.id == table.c.node_id)
        return nodes_first.join(scans, scans.c.id == table.c.scan_id).join(
            exploits, exploits.c.id == table.c.exploit_id
        )
    return (
        table.join(scans, scans.c.id == table.c.scan_id)
        .join(nodes, nodes.c.id == table.c.node_id)
        .join(exploits, exploits.c.id == table.c.exploit_id)
    )


def sort_key(sort: FindingSort, row: FindingRow) -> tuple[Any, ...]:
    """The row's key in `sort` order (what a cursor after or before it holds)."""
    key: tuple[Any, ...] = _key_reader(sort)(row)
    return key


def _key_reader(sort: FindingSort) -> Any:
    keys = {
        FindingSort.NEWEST: lambda row: (row.seq,),
        FindingSort.OLDEST: lambda row: (row.seq,),
        FindingSort.RISK: lambda row: (_rank(row.risk_level), row.seq),
        FindingSort.HOST: lambda row: (row.node.ip, row.port, row.seq),
        FindingSort.CVSS: lambda row: (-1.0 if row.cvss is None else float(row.cvss), row.seq),
    }
    return keys[sort]


def _rank(level: str) -> int:
    return [risk.value for risk in RiskLevel].index(level) if level in set(RiskLevel) else 0


def _read(row: Row[Any]) -> FindingRow:
    exploit = FindingExploit(
        id=row.exploit_id, app=row.exploit_app, name=row.exploit_name, title=row.exploit_title
    )
    return FindingRow(
        id=row.id,
        seq=row.seq,
        node=read_node(row),
        port=row.port,
        protocol=row.protocol,
        subid=row.subid,
        exploit=exploit,
        risk_level=row.risk_level,
        cve=row.cve,
        cvss=row.cvss,
        output=row.output,
        time=row.time,
        first_seen=row.first_seen,
        expiration_time=row.expiration_time,
        scan=read_scan(row),
    )


def scans_of(connection: Connection, finding: FindingRow) -> list[ScanRow]:
    """The newest scans that reported the finding, newest first."""
    reported = select(vulnerabilities.c.scan_id).where(_same_finding(vulnerabilities, finding))
    return recent_scans(connection, reported)
