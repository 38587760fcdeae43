"""What readiness and the CVE data age metric read: two single-row lookups, cheap at any size."""

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text

from aucote.storage.tables import cve_imports


@dataclass(frozen=True, slots=True)
class StoredState:
    """The schema revision the database is at and when CVE data was last imported (None: never)."""

    revision: str | None
    last_cve_import: float | None


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at (raises when it has no alembic_version table)."""
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if revision is None else str(revision)


def last_cve_import(connection: Connection) -> float | None:
    """When the last `aucote cve import` ran (an index lookup), None if never."""
    value = connection.execute(select(func.max(cve_imports.c.time))).scalar()
    return None if value is None else float(value)
