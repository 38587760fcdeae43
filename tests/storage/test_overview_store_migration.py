"""Migration 0013 (overview store) on SQLite and PostgreSQL: the top lists of the stored history
written at the upgrade, its indexes, a clean downgrade to 0012 and upgrade again; and, on SQLite,
the findings list's default view (open findings) reads the indexes of the open findings in every
order, each statement of a page an index walk that starts at the cursor with no sort."""

import time
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.dialects import sqlite

from aucote.storage.database import open_engine
from aucote.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from aucote.storage.queries import findings
from aucote.storage.queries.findings import FindingFilter, FindingSort
from aucote.storage.queries.keyset import Cursor
from aucote.storage.tables import top_values
from tests.support.schema import index_names

NEW_INDEXES = {
    "ix_changes_scan_id_time_id",
    "ix_vulnerabilities_open_seq",
    "ix_vulnerabilities_open_risk",
    "ix_vulnerabilities_open_cvss",
    "ix_vulnerabilities_open_host",
}
DAY = 86400.0


def _old_rows(now: float) -> list[str]:
    """Two nodes with 22 open (one also 80, seen 8 days ago only), one with a current finding
    with a CVE, one resolved."""
    recent, old = now - DAY, now - 8 * DAY
    return [
        "INSERT INTO nodes (id, ip, first_seen) VALUES (1, '10.0.0.1', 0), (2, '10.0.0.2', 0)",
        "INSERT INTO exploits (id, app, name, title, description, risk_level, category, cvss) "
        "VALUES (7, 'nmap', 'x', 'X', '', 'High', 'vuln', 0)",
        f"INSERT INTO scans (id, scanner, start, status) VALUES (1, 'tcp', {old}, 'DONE'), "
        f"(2, 'tcp', {recent}, 'DONE')",
        "INSERT INTO security_scans (id, seq, scan_id, exploit_id, node_id, port, protocol, status) "
        "VALUES (1, 1, 2, 7, 1, 22, 6, 'DONE'), (2, 2, 2, 7, 2, 22, 6, 'DONE')",
        "INSERT INTO vulnerabilities (id, seq, security_scan_id, scan_id, exploit_id, node_id, port, "
        "protocol, subid, risk_level, cve, output, time, expiration_time) VALUES "
        f"(11, 1, 1, 2, 7, 1, 22, 6, 0, 'High', 'CVE-2024-1', 'a', {recent}, NULL), "
        f"(12, 2, 2, 2, 7, 2, 22, 6, 0, 'High', 'CVE-2024-2', 'b', {recent}, {recent})",
        "INSERT INTO port_scans (id, scan_id, node_id, port, protocol, time, service_name, service_product) "
        f"VALUES (21, 2, 1, 22, 6, {recent}, 'ssh', 'OpenSSH'), (22, 2, 2, 22, 6, {recent}, 'ssh', NULL), "
        f"(23, 1, 2, 80, 6, {old}, 'http', 'nginx')",
    ]


def test_the_top_lists_of_the_stored_history_are_written(database_url: str) -> None:
    engine = open_engine(database_url)
    upgrade(engine, "0012")
    now = time.time()
    with engine.begin() as connection:
        for statement in _old_rows(now):
            connection.execute(text(statement))
    upgrade(engine)
    with engine.connect() as connection:
        table = top_values
        stored = connection.execute(
            select(
                table.c.list, table.c.rank, table.c.value, table.c.protocol, table.c.hosts, table.c.since
            ).order_by(table.c.list, table.c.rank)
        ).all()
    engine.dispose()
    assert [tuple(row[:5]) for row in stored] == [
        ("cve", 1, "CVE-2024-1", None, 1),
        ("port", 1, "22", 6, 2),
        ("product", 1, "OpenSSH", None, 1),
        ("service", 1, "ssh", None, 2),
    ]
    assert all(now - 7 * DAY - 1 < row.since < now - 7 * DAY + 60 for row in stored)


def test_the_indexes_exist_and_downgrade_removes_them(engine: Engine) -> None:
    assert index_names(engine) >= NEW_INDEXES
    command.downgrade(alembic_config(engine), "0012")
    assert current_revision(engine) == "0012"
    assert not index_names(engine) & NEW_INDEXES
    assert "top_values" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    assert index_names(engine) >= NEW_INDEXES


def _plans(engine: Engine, sort: FindingSort, cursor: Cursor | None) -> list[str]:
    with engine.connect() as connection:
        statements = findings.page_statements(connection, FindingFilter(), sort, cursor, 50)
        plans = []
        for statement in statements:
            sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
            plans.append(
                " / ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            )
        return plans


def test_the_default_view_walks_the_open_findings_indexes(tmp_path: Path) -> None:
    """Open findings without informational output (the default view), from the first page and from
    a cursor: every statement reads the index that holds no expired or informational report, by a
    range (SEARCH) that starts at the cursor, and sorts nothing."""
    engine = open_engine(f"sqlite:///{tmp_path / 'plans.sqlite3'}")
    upgrade(engine)
    cases = {
        FindingSort.NEWEST: ("ix_vulnerabilities_open_seq", Cursor((500,)), 1),
        FindingSort.OLDEST: ("ix_vulnerabilities_open_seq", Cursor((500,)), 1),
        FindingSort.RISK: ("ix_vulnerabilities_open_risk", Cursor((1, 500)), 2),
        FindingSort.CVSS: ("ix_vulnerabilities_open_cvss", Cursor((5.0, 500)), 2),
        FindingSort.HOST: ("ix_vulnerabilities_open_host", Cursor(("10.0.0.9", 22, 500)), 3),
    }
    for sort, (index, cursor, arms) in cases.items():
        (first,) = _plans(engine, sort, None)
        assert index in first and "TEMP B-TREE" not in first, (sort, first)
        plans = _plans(engine, sort, cursor)
        assert len(plans) == arms
        for plan in plans:
            assert f"SEARCH vulnerabilities USING INDEX {index}" in plan, (sort, plan)
            assert "TEMP B-TREE" not in plan, (sort, plan)
    engine.dispose()
