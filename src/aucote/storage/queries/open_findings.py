"""Open findings, counted the way the dashboard shows them (docs/dashboard.md#trend).

A finding is what an exploit reported on a port (node, protocol, port) under one `subid` (a check
may report several, e.g. one per CVE), across the scans that reported it again; it is open while
one of its rows is current: risk Low or above, not expired (its risk: the highest of them). It
opened when the first of its current rows was stored, and it is resolved on the day its last row
expired. Triage applies to every finding of an exploit on a port. These reads touch the current
rows and the day's expired ones only (the `expiration_time` index), never the whole history."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, case, exists, func, select

from aucote.model.status import RiskLevel
from aucote.storage.tables import vulnerabilities

FINDING_LEVELS = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)
"""The risk levels of findings (None is informational output, never a finding), lowest first."""
KEY = ("node_id", "protocol", "port", "exploit_id", "subid")


@dataclass(frozen=True, slots=True, kw_only=True)
class DayCounts:
    """Open findings of one risk at a moment, and how many opened and were resolved on its day."""

    open: int = 0
    opened: int = 0
    resolved: int = 0


def rank() -> ColumnElement[int]:
    """A finding's risk as a number: 1 Low, 2 Medium, 3 High (0 None)."""
    ranks = {level.value: number for number, level in enumerate(FINDING_LEVELS, start=1)}
    return case(ranks, value=vulnerabilities.c.risk_level, else_=0)


def is_finding() -> ColumnElement[bool]:
    """A finding row, not informational output."""
    return vulnerabilities.c.risk_level != RiskLevel.NONE.value


def is_current() -> ColumnElement[bool]:
    """A finding not expired."""
    return vulnerabilities.c.expiration_time.is_(None)


def day_counts(
    connection: Connection, day: tuple[float, float], conditions: list[ColumnElement[bool]]
) -> dict[RiskLevel, DayCounts]:
    """Per risk: the findings open now, how many of them (or of those resolved within `day`)
    opened within `day`, and how many were resolved within `day` (start inclusive, end exclusive)
    and are not open now. `conditions` narrow the findings counted (triage: see queries.triage)."""
    start, end = day
    current = _per_rank(connection, _keys([is_current(), *conditions]), start)
    expired = vulnerabilities.c.expiration_time
    gone = [expired >= start, expired < end, ~_open_elsewhere(), *conditions]
    resolved = _per_rank(connection, _keys(gone), start)
    counts: dict[RiskLevel, DayCounts] = {}
    for number, level in enumerate(FINDING_LEVELS, start=1):
        now_open, opened_open = current.get(number, (0, 0))
        closed, opened_closed = resolved.get(number, (0, 0))
        counts[level] = DayCounts(open=now_open, opened=opened_open + opened_closed, resolved=closed)
    return counts


def _keys(conditions: list[ColumnElement[bool]]) -> Select[int, Any]:
    """One row per key among the findings matching: its highest rank and first time."""
    table = vulnerabilities
    return (
        select(func.max(rank()).label("rank"), func.min(table.c.time).label("since"))
        .where(is_finding(), *conditions)
        .group_by(*(table.c[name] for name in KEY))
    )


def _per_rank(connection: Connection, keys: Select[int, Any], start: float) -> dict[int, tuple[int, int]]:
    """rank → (keys, keys first seen at or after `start`)."""
    found = keys.subquery()
    opened = func.sum(case((found.c.since >= start, 1), else_=0))
    statement = select(found.c.rank, func.count(), opened).group_by(found.c.rank)
    return {int(row[0]): (int(row[1]), int(row[2] or 0)) for row in connection.execute(statement)}


def _open_elsewhere() -> ColumnElement[bool]:
    """The row's key still has a current finding."""
    other = vulnerabilities.alias("still_open")
    same = [other.c[name] == vulnerabilities.c[name] for name in KEY]
    current = [other.c.expiration_time.is_(None), other.c.risk_level != RiskLevel.NONE.value]
    return exists(select(other.c.id).where(and_(*same, *current)))
