"""Migration 0014 (findings by scan) on SQLite and PostgreSQL: the index on `(scan_id, seq)`
replaces the one on `scan_id`, a clean downgrade to 0013 and upgrade again, the schema as
storage.tables has it; and, on SQLite, an export of one scan's findings walks that index in list
order: no sort of the scan's findings before the first row."""

from pathlib import Path

from alembic import command
from sqlalchemy import Engine
from sqlalchemy.dialects import sqlite

from aucote.export.findings import export_view
from aucote.storage.database import open_engine
from aucote.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from aucote.storage.queries.finding_rows import _select
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter
from tests.support.schema import index_names, schema_differences

NEW, OLD = "ix_vulnerabilities_scan_id_seq", "ix_vulnerabilities_scan_id"


def test_the_index_replaces_the_scan_id_one_and_downgrade_restores_it(engine: Engine) -> None:
    names = index_names(engine)
    assert NEW in names and OLD not in names
    with engine.connect() as connection:
        assert schema_differences(connection) == []
    command.downgrade(alembic_config(engine), "0013")
    assert current_revision(engine) == "0013"
    names = index_names(engine)
    assert OLD in names and NEW not in names
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    assert NEW in index_names(engine) and OLD not in index_names(engine)


def test_an_export_of_one_scan_walks_the_index_in_order(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'plans.sqlite3'}")
    upgrade(engine)
    for where in (
        VulnerabilityFilter(TargetFilter(scan_id=7)),
        VulnerabilityFilter(TargetFilter(scan_id=7), expired=False),
    ):
        statement = _select(export_view(where))
        sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
        with engine.connect() as connection:
            plan = " / ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert f"SEARCH vulnerabilities USING INDEX {NEW} (scan_id=?)" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    engine.dispose()
