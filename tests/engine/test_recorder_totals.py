"""The recorder's daily-totals writes: `totals` (once a run's scans ended: the day's totals and the
overview's top lists) and the expiry pass after each run, which rewrites the day's totals when it
expired something and leaves them alone when it did not."""

import asyncio

from sqlalchemy import Engine, select

from aucote.engine.recorder import Recorder
from aucote.model.top_lists import TopList
from aucote.storage.queries.overview import Count
from aucote.storage.queries.top_values import stored_tops
from aucote.storage.tables import daily_totals
from tests.support.findings_lab import HIGH, FindingsLab
from tests.support.seed_data import seed

HOUR = 3600.0
SEEN_AT = 1508506200.0
"""Just after the seed's newest port scan."""


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


def test_totals_write_the_overviews_top_lists(scan_db: Engine) -> None:
    """With the day's totals, the top lists as of now: the port scans of the 7 days before (every
    sighting for services and products: 5985's newest sighting has no service, an earlier one
    does) and the current findings' CVEs; a week later, no port is counted."""
    seed(scan_db)
    asyncio.run(Recorder(scan_db, lambda: SEEN_AT).totals())
    with scan_db.connect() as connection:
        tops = stored_tops(connection)
    assert tops == {
        TopList.PORT: [Count(value="80", protocol=6, hosts=1), Count(value="5985", protocol=6, hosts=1)],
        TopList.SERVICE: [Count(value="http", protocol=None, hosts=1)],
        TopList.PRODUCT: [Count(value="Microsoft HTTPAPI httpd", protocol=None, hosts=1)],
        TopList.CVE: [Count(value="CVE-2011-3192", protocol=None, hosts=1)],
    }
    asyncio.run(Recorder(scan_db, lambda: SEEN_AT + 8 * 86400).totals())
    with scan_db.connect() as connection:
        later = stored_tops(connection)
    assert later[TopList.PORT] == later[TopList.SERVICE] == later[TopList.PRODUCT] == []
    assert later[TopList.CVE] == tops[TopList.CVE]
