"""Daily totals written as scans end (through the real Recorder), on SQLite and PostgreSQL: an open
finding is an exploit's finding (subid) on a port with a current row; a re-test that reports it
again keeps one open finding; one that reports nothing resolves it; informational output never
counts; the day's row is rewritten by each scan end of the day and other days stay as written."""

from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from aucote.model.status import CheckStatus
from aucote.storage.repository.daily_totals import record_day
from aucote.storage.tables import daily_totals
from tests.support.findings_lab import DAY, HIGH, LOW, MEDIUM, TITLE, FindingsLab

JAN1, JAN2, JAN3 = date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)


def _rows(engine: Engine) -> list[tuple[Any, ...]]:
    table = daily_totals
    columns = (table.c.day, table.c.risk_level, table.c.open, table.c.opened, table.c.resolved)
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).order_by(*columns[:2]))]


def test_each_scan_end_writes_the_days_totals_per_risk(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web, tls = lab.port("10.0.0.1", 80), lab.port("10.0.0.1", 443)
    lab.check(web, HIGH, ["VULNERABLE: byterange", "VULNERABLE: second witness"])
    lab.check(tls, MEDIUM, ["SSLv3 with CBC"])
    lab.check(web, TITLE, ["Welcome"])
    assert _rows(engine) == [
        (JAN1, "High", 2, 2, 0),  # two findings (subids) of one exploit on one port
        (JAN1, "Low", 0, 0, 0),
        (JAN1, "Medium", 1, 1, 0),
    ]
    lab.later(DAY)
    lab.check(web, HIGH, ["VULNERABLE: byterange"])  # subid 0 again (subid 1's row stays current)
    lab.check(tls, MEDIUM, [])  # re-tested, nothing: resolved
    assert _rows(engine)[3:] == [
        (JAN2, "High", 2, 0, 0),
        (JAN2, "Low", 0, 0, 0),
        (JAN2, "Medium", 0, 0, 1),
    ]
    assert _rows(engine)[:3] == [(JAN1, "High", 2, 2, 0), (JAN1, "Low", 0, 0, 0), (JAN1, "Medium", 1, 1, 0)]


def test_a_finding_opened_and_resolved_the_same_day_counts_as_both(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web = lab.port("10.0.0.2", 80)
    lab.check(web, LOW, ["no HSTS"])
    lab.check(web, LOW, [])
    assert (JAN1, "Low", 0, 1, 1) in _rows(engine)


def test_a_finding_that_reopens_is_opened_again(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web = lab.port("10.0.0.3", 80)
    lab.check(web, HIGH, ["VULNERABLE"])
    lab.later(DAY)
    lab.check(web, HIGH, [])
    lab.later(DAY)
    lab.check(web, HIGH, ["VULNERABLE again"])
    high = [row for row in _rows(engine) if row[1] == "High"]
    assert high == [(JAN1, "High", 1, 1, 0), (JAN2, "High", 0, 0, 1), (JAN3, "High", 1, 1, 0)]


def test_a_failed_retest_changes_nothing(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web = lab.port("10.0.0.4", 80)
    lab.check(web, MEDIUM, ["weak"])
    lab.later(DAY)
    lab.check(web, MEDIUM, [], status=CheckStatus.TIMEOUT)
    assert (JAN2, "Medium", 1, 0, 0) in _rows(engine)


def test_recording_again_the_same_moment_gives_the_same_rows(engine: Engine) -> None:
    lab = FindingsLab(engine)
    lab.check(lab.port("10.0.0.5", 22), HIGH, ["x"])
    before = _rows(engine)
    with engine.begin() as connection:
        counts = record_day(connection, lab.now)
    assert _rows(engine) == before
    assert {level: (c.open, c.opened, c.resolved) for level, c in counts.items()} == {
        "Low": (0, 0, 0),
        "Medium": (0, 0, 0),
        "High": (1, 1, 0),
    }
