"""Migration 0007 (dashboard data) on SQLite and PostgreSQL: the schema's tables, and a clean
downgrade to 0006 and upgrade again."""

from alembic import command
from sqlalchemy import Engine, inspect

from aucote.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from tests.support.schema import schema_differences

DASHBOARD_TABLES = {"daily_totals", "triage"}


def test_migration_creates_the_tables_of_the_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        assert schema_differences(connection) == []
    assert set(inspect(engine).get_table_names()) >= DASHBOARD_TABLES


def test_downgrade_to_0006_removes_the_tables_and_upgrade_restores_them(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0006")
    assert current_revision(engine) == "0006"
    names = set(inspect(engine).get_table_names())
    assert not DASHBOARD_TABLES & names
    assert "audit_log" in names
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    assert set(inspect(engine).get_table_names()) >= DASHBOARD_TABLES
