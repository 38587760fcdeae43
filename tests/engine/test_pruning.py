"""Retention's prune on SQLite and PostgreSQL over a small dashboard history (bench/dashboard_seed.py):
every page of the API's lists is what it was minus the pruned rows, whole bodies compared; a dry
run deletes nothing; the rows others depend on survive."""

import math
from collections.abc import Iterator
from typing import Any

import pytest
from bench.dashboard_seed import Shape, fill
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select, text

from aucote.api.app import create_app
from aucote.config.retention import RetentionSettings
from aucote.engine.pruning import prune
from aucote.model.retention import PrunedTable, PruneStep
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.tables import daily_totals, metadata, notification_outbox, triage
from tests.support.postgres import fresh_database

DAY = 86400.0
BASE_DAY = 1_767_000_000 // 3600 * 3600.0
NOW = BASE_DAY + 5 * DAY
BASE = "http://localhost:1235"
SHAPE = Shape(nodes=40, runs=4, checks=20, port_runs=4, triaged=10)
LIMIT = 97  # pages straddle the 1024-number blocks of seq_holes
LISTS = (
    ("/api/v1/sec_scans", "security_scans"),
    ("/api/v1/vulnerabilities", "vulnerabilities"),
    ("/api/v1/sec_scans?status=DONE", "security_scans"),
    ("/api/v1/scans", "scans"),
    ("/api/v1/changes", "changes"),
    ("/api/v1/triage", "triage"),
)
SETTINGS = RetentionSettings(keep_runs=2, max_age=2 * DAY, batch=500)
Json = dict[str, Any]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def history(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A small dashboard history, with delivered and undelivered notifications; pruned by the tests
    in order (module scope: built once per backend)."""
    sqlite = f"sqlite:///{tmp_path_factory.mktemp('prune') / 'aucote.sqlite3'}"
    fill(sqlite, SHAPE, BASE_DAY)  # SQLite's SQL: copied to PostgreSQL row by row
    if request.param == "sqlite":
        yield from _filled(sqlite)
        return
    with fresh_database(request.getfixturevalue("postgres_server_url")) as url:
        _copy(sqlite, url)
        yield from _filled(url)


def _copy(source_url: str, target_url: str) -> None:
    source, target = open_engine(source_url), open_engine(target_url)
    upgrade(target)
    with source.connect() as reading, target.begin() as writing:
        for table in metadata.sorted_tables:
            rows = [row._asdict() for row in reading.execute(select(table))]
            if rows:
                writing.execute(insert(table), rows)
    source.dispose()
    target.dispose()


def _filled(url: str) -> Iterator[Engine]:
    engine = open_engine(url)
    outbox = [
        {"key": f"k{n}", "channel": "siem", "rule": "r", "kind": "port_opened", "created": BASE_DAY - 9 * DAY,
         "due": BASE_DAY - 9 * DAY, "payload": "{}", "attempts": 1, "delivered": delivered}
        for n, delivered in enumerate((BASE_DAY - 9 * DAY, None, NOW - 60))
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(insert(notification_outbox), outbox)
    yield engine
    engine.dispose()


def every_page(client: TestClient, path: str, key: str) -> list[Json]:
    """The bodies of every page of a list."""
    pages, page = [], 0
    while True:
        joiner = "&" if "?" in path else "?"
        response = client.get(f"{path}{joiner}limit={LIMIT}&page={page}")
        assert response.status_code == 200, response.text
        pages.append(response.json())
        if pages[-1]["navigation"]["next_page"] is None:
            return pages
        page += 1


def snapshot(engine: Engine) -> dict[str, list[Json]]:
    with TestClient(create_app(engine, clock=lambda: NOW), base_url=BASE) as client:
        return {path: every_page(client, path, key) for path, key in LISTS}


def expected_pages(before: list[Json], key: str, kept: set[int]) -> list[Json]:
    """The pages `before` would have been without the rows whose id is not in `kept`."""
    rows = [row for page in before for row in page[key] if row["id"] in kept]
    count = max(1, math.ceil(len(rows) / LIMIT))
    pages = []
    for number in range(count):
        body = dict(before[min(number, len(before) - 1)])
        body[key] = rows[number * LIMIT : (number + 1) * LIMIT]
        body["navigation"] = _navigation(before[0]["navigation"], number, number + 1 < count)
        pages.append(body)
    return pages


def _navigation(first: Json, number: int, more: bool) -> Json:
    def link(page: int) -> str:
        return first["next_page"].replace("page=1", f"page={page}") if first["next_page"] else ""

    return {
        "limit": LIMIT,
        "page": number,
        "next_page": link(number + 1) if more else None,
        "previous_page": link(number - 1) if number > 0 else None,
    }


def ids(engine: Engine, table: str) -> set[int]:
    with engine.connect() as connection:
        return {int(row_id) for row_id in connection.execute(text(f"SELECT id FROM {table}")).scalars()}


def test_a_dry_run_deletes_nothing(history: Engine) -> None:
    before = snapshot(history)
    steps: list[PruneStep] = []
    counted = prune(history, SETTINGS, NOW, dry_run=True, progress=steps.append)
    assert counted[PrunedTable.SECURITY_SCANS] > 0 and counted[PrunedTable.VULNERABILITIES] > 0
    assert counted[PrunedTable.PORT_SCANS] > 0 and counted[PrunedTable.NOTIFICATION_OUTBOX] == 1
    assert steps[-1].deleted == counted
    assert snapshot(history) == before


def test_every_page_is_the_old_one_minus_the_pruned_rows(history: Engine) -> None:
    before = snapshot(history)
    newest = _newest(history)
    with history.connect() as connection:
        totals = connection.execute(
            select(daily_totals).order_by(daily_totals.c.day, daily_totals.c.risk_level)
        ).all()
        triaged = connection.execute(select(triage).order_by(triage.c.id)).all()
    counted = prune(history, SETTINGS, NOW, dry_run=True)
    deleted = prune(history, SETTINGS, NOW)
    assert deleted == counted
    assert deleted[PrunedTable.SECURITY_SCANS] >= SHAPE.security_scans // 4, deleted
    after = snapshot(history)
    for path, key in LISTS:
        table = {"security_scans": "security_scans", "vulnerabilities": "vulnerabilities"}.get(key, key)
        kept = ids(history, table)
        assert after[path] == expected_pages(before[path], key, kept), path
    assert _newest(history) == newest
    with history.connect() as connection:
        assert (
            connection.execute(
                select(daily_totals).order_by(daily_totals.c.day, daily_totals.c.risk_level)
            ).all()
            == totals
        )
        assert connection.execute(select(triage).order_by(triage.c.id)).all() == triaged
        outbox = connection.execute(
            select(notification_outbox.c.key).order_by(notification_outbox.c.key)
        ).scalars()
        assert list(outbox) == ["k1", "k2"]  # undelivered and recently delivered stay
    assert prune(history, SETTINGS, NOW) == {table: 0 for table in PrunedTable}


def _newest(engine: Engine) -> dict[str, Any]:
    """What must survive: the newest run of each check on each port, each finding's newest
    report and earliest current one, each port's newest sighting."""
    queries = {
        "runs": "SELECT max(scan_id), node_id, protocol, port, exploit_id FROM security_scans "
        "GROUP BY node_id, protocol, port, exploit_id ORDER BY 2, 3, 4, 5",
        "reports": "SELECT id FROM vulnerabilities WHERE replaced_by IS NULL ORDER BY id",
        "earliest": "SELECT min(seq), node_id, protocol, port, exploit_id, subid FROM vulnerabilities "
        "WHERE expiration_time IS NULL GROUP BY node_id, protocol, port, exploit_id, subid "
        "ORDER BY 2, 3, 4, 5, 6",
        "ports": "SELECT id FROM port_scans WHERE replaced_by IS NULL ORDER BY id",
    }
    with engine.connect() as connection:
        return {name: [tuple(row) for row in connection.execute(text(sql))] for name, sql in queries.items()}
