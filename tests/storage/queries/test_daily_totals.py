"""The 90-day trend read from the stored daily totals: one series per finding risk, one total per
day oldest first; a day nothing was written carries the open count of the day before (from before
the window too) with nothing opened or resolved; rows after `today` are not read."""

from datetime import date, timedelta

from sqlalchemy import Engine, insert

from aucote.model.status import RiskLevel
from aucote.storage.queries.daily_totals import DayTotal, trend
from aucote.storage.tables import daily_totals

TODAY = date(2026, 3, 31)


def _store(engine: Engine, day: date, counts: dict[str, "Counts"]) -> None:
    rows = [
        {"day": day, "risk_level": risk, "open": o, "opened": n, "resolved": r, "updated": 0.0}
        for risk, (o, n, r) in counts.items()
    ]
    with engine.begin() as connection:
        connection.execute(insert(daily_totals), rows)


Counts = tuple[int, int, int]


def _all(low: Counts, medium: Counts, high: Counts) -> dict[str, Counts]:
    return {"Low": low, "Medium": medium, "High": high}


def test_an_empty_database_gives_ninety_days_of_zeros(engine: Engine) -> None:
    with engine.connect() as connection:
        series = trend(connection, TODAY)
    assert list(series) == [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH]
    for days in series.values():
        assert len(days) == 90
        assert days[0] == DayTotal(day=date(2026, 1, 1), open=0, opened=0, resolved=0, recorded=False)
        assert days[-1].day == TODAY
        assert {(d.open, d.opened, d.resolved, d.recorded) for d in days} == {(0, 0, 0, False)}


def test_days_without_a_row_carry_the_open_count_from_before_the_window(engine: Engine) -> None:
    _store(engine, date(2025, 12, 20), _all((4, 4, 0), (2, 1, 0), (1, 1, 0)))
    _store(engine, date(2026, 1, 3), _all((5, 2, 1), (2, 0, 0), (0, 0, 1)))
    _store(engine, date(2026, 4, 1), _all((9, 9, 9), (9, 9, 9), (9, 9, 9)))  # after today
    with engine.connect() as connection:
        series = trend(connection, TODAY)
    low, high = series[RiskLevel.LOW], series[RiskLevel.HIGH]
    assert low[:4] == [
        DayTotal(day=date(2026, 1, 1), open=4, opened=0, resolved=0, recorded=False),
        DayTotal(day=date(2026, 1, 2), open=4, opened=0, resolved=0, recorded=False),
        DayTotal(day=date(2026, 1, 3), open=5, opened=2, resolved=1, recorded=True),
        DayTotal(day=date(2026, 1, 4), open=5, opened=0, resolved=0, recorded=False),
    ]
    assert low[-1] == DayTotal(day=TODAY, open=5, opened=0, resolved=0, recorded=False)
    assert [d.open for d in high[:4]] == [1, 1, 0, 0]
    assert high[2].resolved == 1


def test_a_shorter_window(engine: Engine) -> None:
    _store(engine, TODAY - timedelta(days=1), _all((1, 1, 0), (0, 0, 0), (3, 3, 0)))
    with engine.connect() as connection:
        series = trend(connection, TODAY, days=2)
    assert series[RiskLevel.HIGH] == [
        DayTotal(day=TODAY - timedelta(days=1), open=3, opened=3, resolved=0, recorded=True),
        DayTotal(day=TODAY, open=3, opened=0, resolved=0, recorded=False),
    ]
