"""Migration 0009 (dashboard indexes) on SQLite and PostgreSQL: rows stored before it get their
newest-report marks and first times, its indexes exist (the expression ones by name), a clean
downgrade to 0008 and upgrade again; and the findings list's orders read SQLite's new indexes (with
informational output shown: without it, the risk and CVSS orders read those of migration 0013)."""

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.dialects import sqlite

from aucote.storage.database import open_engine
from aucote.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from aucote.storage.queries import findings
from aucote.storage.queries.findings import FindingFilter, FindingSort, list_findings
from aucote.storage.tables import port_scans, vulnerabilities
from tests.support.schema import index_names

NEW_INDEXES = {
    "ix_vulnerabilities_newest_seq",
    "ix_vulnerabilities_newest_risk",
    "ix_vulnerabilities_newest_cvss",
    "ix_vulnerabilities_newest_host",
    "ix_vulnerabilities_newest_risk_level",
    "ix_vulnerabilities_newest_cve",
    "ix_port_scans_newest_time",
    "ix_security_scans_scan_id_status_reason",
}
OLD_ROWS = [
    "INSERT INTO nodes (id, ip, first_seen) VALUES (1, '10.0.0.1', 0)",
    "INSERT INTO exploits (id, app, name, title, description, risk_level, category, cvss) "
    "VALUES (7, 'nmap', 'x', 'X', '', 'High', 'vuln', 0)",
    "INSERT INTO scans (id, scanner, start, status) VALUES (1, 'tcp', 0, 'DONE'), (2, 'tcp', 10, 'DONE')",
    "INSERT INTO security_scans (id, seq, scan_id, exploit_id, node_id, port, protocol, status) "
    "VALUES (1, 1, 1, 7, 1, 22, 6, 'DONE'), (2, 2, 2, 7, 1, 22, 6, 'DONE')",
    # one finding reported twice (ids 11, 12), a second subid reported once (13)
    "INSERT INTO vulnerabilities (id, seq, security_scan_id, scan_id, exploit_id, node_id, port, protocol, "
    "subid, risk_level, output, time) VALUES (11, 1, 1, 1, 7, 1, 22, 6, 0, 'High', 'a', 100), "
    "(12, 2, 2, 2, 7, 1, 22, 6, 0, 'High', 'b', 200), (13, 3, 2, 2, 7, 1, 22, 6, 1, 'High', 'c', 200)",
    # port 22 seen by both scans, the later stored first (ids 21, 22)
    "INSERT INTO port_scans (id, scan_id, node_id, port, protocol, time) VALUES (21, 2, 1, 22, 6, 20), "
    "(22, 1, 1, 22, 6, 5)",
]


def test_rows_stored_before_are_marked(database_url: str) -> None:
    engine = open_engine(database_url)
    upgrade(engine, "0008")
    with engine.begin() as connection:
        for statement in OLD_ROWS:
            connection.execute(text(statement))
    upgrade(engine)
    with engine.connect() as connection:
        marks = connection.execute(
            select(
                vulnerabilities.c.id, vulnerabilities.c.replaced_by, vulnerabilities.c.first_seen
            ).order_by(vulnerabilities.c.id)
        ).all()
        sightings = connection.execute(
            select(port_scans.c.id, port_scans.c.replaced_by).order_by(port_scans.c.id)
        ).all()
    engine.dispose()
    assert [tuple(row) for row in marks] == [(11, 12, 100.0), (12, None, 100.0), (13, None, 200.0)]
    assert [tuple(row) for row in sightings] == [(21, None), (22, 21)]


def test_the_indexes_exist_and_downgrade_removes_them(engine: Engine) -> None:
    assert index_names(engine) >= NEW_INDEXES
    command.downgrade(alembic_config(engine), "0008")
    assert current_revision(engine) == "0008"
    assert not index_names(engine) & NEW_INDEXES
    assert "replaced_by" not in {column["name"] for column in inspect(engine).get_columns("vulnerabilities")}
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    assert index_names(engine) >= NEW_INDEXES


def test_every_order_reads_an_index_of_the_newest_reports(tmp_path: Path) -> None:
    """On SQLite (no statistics), each order's page is a walk of one of the new indexes, with no
    sort of every finding."""
    engine = open_engine(f"sqlite:///{tmp_path / 'plans.sqlite3'}")
    upgrade(engine)
    expected = {
        FindingSort.NEWEST: "ix_vulnerabilities_newest_seq",
        FindingSort.OLDEST: "ix_vulnerabilities_newest_seq",
        FindingSort.RISK: "ix_vulnerabilities_newest_risk",
        FindingSort.CVSS: "ix_vulnerabilities_newest_cvss",
        FindingSort.HOST: "ix_vulnerabilities_newest_host",
    }
    with engine.connect() as connection:
        for sort, index in expected.items():
            (statement,) = findings.page_statements(
                connection, FindingFilter(informational=True), sort, None, 50
            )
            sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
            plan = " / ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert index in plan, (sort, plan)
            assert "TEMP B-TREE FOR ORDER BY" not in plan, (sort, plan)
        assert list_findings(connection, FindingFilter(), FindingSort.RISK, None, 5).rows == []
        assert connection.execute(select(func.count()).select_from(vulnerabilities)).scalar_one() == 0
    engine.dispose()
