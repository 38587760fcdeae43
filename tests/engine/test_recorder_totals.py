"""The recorder's daily-totals writes: `totals` (once a run's scans ended) and the expiry pass after
each run, which rewrites the day's totals when it expired something and leaves them alone when it
did not."""

import asyncio

from sqlalchemy import Engine, select

from aucote.engine.recorder import Recorder
from aucote.storage.tables import daily_totals
from tests.support.findings_lab import HIGH, FindingsLab

HOUR = 3600.0


def _high(engine: Engine) -> tuple[int, int, int, float]:
    table = daily_totals
    statement = select(table.c.open, table.c.opened, table.c.resolved, table.c.updated).where(
        table.c.risk_level == "High"
    )
    with engine.connect() as connection:
        row = connection.execute(statement).one()
    return (row.open, row.opened, row.resolved, row.updated)


def _expire(engine: Engine, now: float, period: float) -> int:
    return asyncio.run(Recorder(engine, lambda: now).expire_untested(period))


def test_an_expiry_rewrites_the_days_totals(scan_db: Engine) -> None:
    lab = FindingsLab(scan_db)
    lab.check(lab.port("10.0.0.9", 80), HIGH, ["VULNERABLE"])
    written = lab.now
    assert _high(scan_db) == (1, 1, 0, written)
    assert _expire(scan_db, lab.now + 10, HOUR) == 0
    assert _high(scan_db) == (1, 1, 0, written)
    assert _expire(scan_db, lab.now + 2 * HOUR, HOUR) == 1
    assert _high(scan_db) == (0, 1, 1, written + 2 * HOUR)
