"""The differences between a migrated database and the schema of storage.tables, as Alembic's
autogenerate sees them, leaving out the expression indexes: SQLite's reflection cannot read them
back (Alembic skips them with a warning) and PostgreSQL's gives them back normalised
(`(risk_level)::text = 'None'::text`), which Alembic's textual comparison takes for a different
index. tests/storage/test_dashboard_indexes_migration.py and test_overview_store_migration.py
check those by name and by the plans that use them."""

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, text

from aucote.storage.tables import metadata

EXPRESSION_INDEXES = frozenset(
    {
        "ix_vulnerabilities_newest_risk",
        "ix_vulnerabilities_newest_cvss",
        "ix_vulnerabilities_open_risk",
        "ix_vulnerabilities_open_cvss",
    }
)


def schema_differences(connection: Connection) -> list[Any]:
    """What autogenerate would change to make the database match storage.tables."""
    context = MigrationContext.configure(connection, opts={"include_object": _compared})
    differences: list[Any] = compare_metadata(context, metadata)
    return differences


def _compared(_object: object, name: str | None, kind: str, _reflected: bool, _compare_to: object) -> bool:
    return not (kind == "index" and name in EXPRESSION_INDEXES)


def index_names(engine: Engine) -> set[str]:
    """The names of every index in the database."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            found = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
        else:
            found = connection.execute(text("SELECT indexname FROM pg_indexes"))
        return {str(name) for name in found.scalars()}
