"""The hosts list's finding counts (storage.queries.hosts.current_finding_counts) read the page's
nodes by the node index on SQLite, never the index on `expiration_time`, which would walk every
unexpired report of every node (the plan of an empty, migrated database: SQLite has no statistics
either way). What they count is tested through the pages (tests/web/routes/test_hosts.py)."""

from pathlib import Path

from sqlalchemy.dialects import sqlite

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.hosts import finding_counts_statement


def test_the_counts_read_the_nodes_by_their_index(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'plans.sqlite3'}")
    upgrade(engine)
    statement = finding_counts_statement(list(range(1, 51)))
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        plan = " / ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    engine.dispose()
    assert "SEARCH vulnerabilities USING INDEX ix_vulnerabilities_node_id_" in plan, plan
    assert "expiration_time" not in plan, plan
