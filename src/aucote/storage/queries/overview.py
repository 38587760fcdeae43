"""What the overview shows beside the change feed: current findings per risk level with those new
and resolved over a window, the most common ports, services, products and CVEs, and per scanner
its newest finished scan and the checks failing in its newest scan."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, func, select

from aucote.model.status import CheckStatus, RiskLevel, ScanStatus
from aucote.storage.queries.columns import read_scan, scan_columns
from aucote.storage.queries.cross_join import left_first
from aucote.storage.queries.records import ScanRow
from aucote.storage.queries.triage import applies, same_key
from aucote.storage.tables import port_scans, scans, security_scans, triage, vulnerabilities

INFORMATIONAL = RiskLevel.NONE.value
FAILING = (CheckStatus.FAILED.value, CheckStatus.TIMEOUT.value)
TOP = 10
TOP_SINCE = 7 * 86400
"""The port scans the top ports, services and products count: those of the last 7 days."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskCounts:
    """Findings of one risk level: current, new (first reported) and resolved (last one expired)
    within each window (in seconds)."""

    risk_level: str
    open: int
    new: dict[int, int]
    resolved: dict[int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """A value (a port, a service, a CVE …) and on how many hosts it is seen."""

    value: str
    protocol: int | None
    hosts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ScannerRuns:
    """A scanner's newest scan, its newest DONE scan, and its newest scan's failing checks by reason."""

    name: str
    newest: ScanRow
    last_done: ScanRow | None
    failing: dict[str, int]


def risk_counts(connection: Connection, now: float, windows: tuple[int, ...]) -> list[RiskCounts]:
    """Per risk level Low..High (highest first): each finding (exploit x port x subid) once, by its
    newest report (its risk, whether it is current or when it expired) and its first sighting,
    leaving out findings under a triage applying at `now` (accepted, false positive, fix pending).
    Each figure is a count over a range of the newest reports' index (risk, expiry, first time),
    less the triaged ones found from the triage table, so the cost follows the findings, not their
    history: the open ones are counted in the index alone, the new and resolved ones are few."""
    levels = [level.value for level in reversed(RiskLevel) if level is not RiskLevel.NONE]
    columns = [column for level in levels for column in _level_counts(level, now, windows)]
    found = connection.execute(select(*columns)).one()
    less = {row.risk_level: row for row in connection.execute(_triaged(now, windows))}
    width = 1 + 2 * len(windows)
    return [
        _risk(level, found[index * width : (index + 1) * width], less.get(level), windows)
        for index, level in enumerate(levels)
    ]


def _level_counts(level: str, now: float, windows: tuple[int, ...]) -> list[Any]:
    """Open, then new and resolved per window, of one level: scalar counts over index ranges."""
    table = vulnerabilities
    newest = and_(table.c.replaced_by.is_(None), table.c.risk_level == level)
    current = table.c.expiration_time.is_(None)

    def count(*conditions: ColumnElement[bool]) -> Any:
        return select(func.count()).select_from(table).where(newest, *conditions).scalar_subquery()

    found = [count(current)]
    for window in windows:
        since = now - window
        found += [count(current, table.c.first_seen >= since), count(table.c.expiration_time >= since)]
    return found


def _triaged(now: float, windows: tuple[int, ...]) -> Any:
    """The same figures for the findings under a triage applying at `now`, per level (the triage
    table first: an index of the newest reports by triage key holds every column read)."""
    table = vulnerabilities
    joined = left_first(triage, table, and_(same_key(triage), table.c.replaced_by.is_(None)))
    statement = select(table.c.risk_level, *_risk_columns(now, windows)).select_from(joined)
    statement = statement.where(applies(triage, now), table.c.risk_level != INFORMATIONAL)
    return statement.group_by(table.c.risk_level)


def _risk_columns(now: float, windows: tuple[int, ...]) -> list[Any]:
    table = vulnerabilities
    current = table.c.expiration_time.is_(None)
    first = table.c.first_seen
    columns = [_count(current).label("open")]
    for window in windows:
        since = now - window
        columns.append(_count(and_(current, first >= since)).label(f"new{window}"))
        columns.append(_count(and_(~current, table.c.expiration_time >= since)).label(f"resolved{window}"))
    return columns


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _risk(level: str, counts: Any, less: Any, windows: tuple[int, ...]) -> RiskCounts:
    names = ["open"] + [f"{kind}{window}" for window in windows for kind in ("new", "resolved")]
    found = dict(zip(names, counts, strict=True))

    def value(name: str) -> int:
        return int(found[name] or 0) - _value(less, name)

    return RiskCounts(
        risk_level=level,
        open=value("open"),
        new={window: value(f"new{window}") for window in windows},
        resolved={window: value(f"resolved{window}") for window in windows},
    )


def _value(row: Any, name: str) -> int:
    return 0 if row is None else int(getattr(row, name) or 0)


def top_ports(connection: Connection, since: float) -> list[Count]:
    """The ports open on most hosts among the port scans since `since` (a host's newest sighting
    of each port is enough: it is since `since` when any is)."""
    table = port_scans
    hosts = func.count(table.c.node_id.distinct())
    statement = (
        select(table.c.port, table.c.protocol, hosts.label("hosts"))
        .where(table.c.replaced_by.is_(None), table.c.time >= since)
        .group_by(table.c.port, table.c.protocol)
        .order_by(hosts.desc(), table.c.port, table.c.protocol)
        .limit(TOP)
    )
    return [
        Count(value=str(port), protocol=protocol, hosts=n)
        for port, protocol, n in connection.execute(statement)
    ]


def top_services(connection: Connection, since: float, column: str) -> list[Count]:
    """The service names (`column` "service_name") or products ("service_product") seen on most
    hosts among the port scans since `since` (every sighting: a port's newest may have no
    service detected where an earlier one had)."""
    table = port_scans
    value = table.c[column]
    hosts = func.count(table.c.node_id.distinct())
    statement = (
        select(value, hosts)
        .where(table.c.time >= since, value.is_not(None), value != "")
        .group_by(value)
        .order_by(hosts.desc(), value)
        .limit(TOP)
    )
    return [Count(value=name, protocol=None, hosts=n) for name, n in connection.execute(statement)]


def top_cves(connection: Connection) -> list[Count]:
    """The CVE lists of current findings (their newest reports) on most hosts."""
    table = vulnerabilities
    hosts = func.count(table.c.node_id.distinct())
    statement = (
        select(table.c.cve, hosts)
        .where(
            table.c.replaced_by.is_(None),
            func.coalesce(table.c.expiration_time, -1.0) == -1.0,  # current, not through its index
            table.c.cve.is_not(None),
            table.c.risk_level != INFORMATIONAL,
        )
        .group_by(table.c.cve)
        .order_by(hosts.desc(), table.c.cve)
        .limit(TOP)
    )
    return [Count(value=cve, protocol=None, hosts=n) for cve, n in connection.execute(statement)]


def scanner_runs(connection: Connection) -> list[ScannerRuns]:
    """Per scanner named by a stored scan, by name."""
    names = connection.execute(select(scans.c.scanner).distinct().order_by(scans.c.scanner)).scalars()
    return [_runs(connection, str(name)) for name in names]


def _runs(connection: Connection, name: str) -> ScannerRuns:
    newest_first = select(*scan_columns()).where(scans.c.scanner == name)
    newest_first = newest_first.order_by(scans.c.start.desc(), scans.c.id.desc()).limit(1)
    newest = read_scan(connection.execute(newest_first).one())
    done = connection.execute(newest_first.where(scans.c.status == ScanStatus.DONE.value)).first()
    return ScannerRuns(
        name=name,
        newest=newest,
        last_done=None if done is None else read_scan(done),
        failing=failing_checks(connection, newest.id),
    )


def failing_checks(connection: Connection, scan_id: int) -> dict[str, int]:
    """How many checks of the scan FAILED or TIMED OUT, per reason code ("" for none given), most
    frequent first, then by reason."""
    table = security_scans
    statement = (
        select(table.c.reason, func.count())
        .where(table.c.scan_id == scan_id, table.c.status.in_(FAILING))
        .group_by(table.c.reason)
        .order_by(func.count().desc(), func.coalesce(table.c.reason, ""))
    )
    return {reason or "": count for reason, count in connection.execute(statement)}


def newest_done_scans(connection: Connection) -> tuple[int, ...]:
    """The newest DONE scan of each scanner (whose changes are "since the last scan")."""
    ranked = select(
        scans.c.id,
        func.row_number()
        .over(partition_by=scans.c.scanner, order_by=(scans.c.start.desc(), scans.c.id.desc()))
        .label("rank"),
    ).where(scans.c.status == ScanStatus.DONE.value)
    newest = ranked.subquery()
    found = connection.execute(select(newest.c.id).where(newest.c.rank == 1).order_by(newest.c.id))
    return tuple(found.scalars())
