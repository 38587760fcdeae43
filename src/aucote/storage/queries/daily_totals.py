"""Reading the dashboard's trend: open findings per risk for each of the last days, from the stored
daily totals (storage.repository.daily_totals) in one statement, never from the findings."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, select

from aucote.model.days import days_ending
from aucote.model.status import RiskLevel
from aucote.storage.queries.open_findings import FINDING_LEVELS
from aucote.storage.tables import daily_totals

TREND_DAYS = 90


@dataclass(frozen=True, slots=True, kw_only=True)
class DayTotal:
    """One day of one risk: open findings at the day's last write, findings opened and resolved
    that day. `recorded` is False for a day nothing was written (no scan ended): its open count is
    carried over from the day before, and nothing opened or was resolved."""

    day: date
    open: int
    opened: int
    resolved: int
    recorded: bool


Trend = dict[RiskLevel, list[DayTotal]]
"""Per finding risk (Low, Medium, High), one total per day, oldest first."""


def trend(connection: Connection, today: date, days: int = TREND_DAYS) -> Trend:
    """The `days` days up to `today`, per risk: the stored rows of those days plus the newest one
    before them (whose open count the first days carry until a row is written)."""
    window = days_ending(today, days)
    table = daily_totals
    before = select(func.max(table.c.day)).where(table.c.day < window[0]).scalar_subquery()
    statement = (
        select(table.c.day, table.c.risk_level, table.c.open, table.c.opened, table.c.resolved)
        .where(table.c.day >= func.coalesce(before, window[0]), table.c.day <= today)
        .order_by(table.c.day)
    )
    stored: dict[tuple[RiskLevel, date], tuple[int, int, int]] = {}
    for row in connection.execute(statement):
        stored[(RiskLevel(row.risk_level), row.day)] = (row.open, row.opened, row.resolved)
    carried = {level: _carried(stored, level, window[0]) for level in FINDING_LEVELS}
    return {level: _series(stored, level, window, carried[level]) for level in FINDING_LEVELS}


def _carried(
    stored: dict[tuple[RiskLevel, date], tuple[int, int, int]], level: RiskLevel, first: date
) -> int:
    """The open count of the newest stored day before `first` (0 when none)."""
    earlier = [day for (risk, day) in stored if risk is level and day < first]
    return stored[(level, max(earlier))][0] if earlier else 0


def _series(
    stored: dict[tuple[RiskLevel, date], tuple[int, int, int]],
    level: RiskLevel,
    window: list[date],
    open_before: int,
) -> list[DayTotal]:
    series: list[DayTotal] = []
    last_open = open_before
    for day in window:
        row = stored.get((level, day))
        if row is None:
            series.append(DayTotal(day=day, open=last_open, opened=0, resolved=0, recorded=False))
            continue
        last_open = row[0]
        series.append(DayTotal(day=day, open=row[0], opened=row[1], resolved=row[2], recorded=True))
    return series


def latest_open(connection: Connection) -> dict[str, int]:
    """The open findings by risk level as of the newest day written (empty when none was): the
    starting value of the open findings metric, read once (a primary-key range)."""
    newest = select(func.max(daily_totals.c.day)).scalar_subquery()
    statement = select(daily_totals.c.risk_level, daily_totals.c.open).where(daily_totals.c.day == newest)
    return {row.risk_level: row.open for row in connection.execute(statement)}
