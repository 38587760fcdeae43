"""The expiry pass after each run (findings not re-tested within the expiration period) rewrites the
day's totals when it expired something, and leaves them alone when it did not."""

from sqlalchemy import Engine, select

from aucote.scheduling.runs import expire_and_count
from aucote.storage.tables import daily_totals
from tests.support.findings_lab import HIGH, FindingsLab

HOUR = 3600.0


def _high(engine: Engine) -> tuple[int, int, int, float]:
    table = daily_totals
    with engine.connect() as connection:
        row = connection.execute(
            select(table.c.open, table.c.opened, table.c.resolved, table.c.updated).where(
                table.c.risk_level == "High"
            )
        ).one()
    return (row.open, row.opened, row.resolved, row.updated)


def test_an_expiry_rewrites_the_days_totals(engine: Engine) -> None:
    lab = FindingsLab(engine)
    lab.check(lab.port("10.0.0.9", 80), HIGH, ["VULNERABLE"])
    written = lab.now
    assert _high(engine) == (1, 1, 0, written)
    with engine.begin() as connection:
        assert expire_and_count(connection, lab.now + 10, HOUR) == 0
    assert _high(engine) == (1, 1, 0, written)
    with engine.begin() as connection:
        assert expire_and_count(connection, lab.now + 2 * HOUR, HOUR) == 1
    assert _high(engine) == (0, 1, 1, written + 2 * HOUR)
