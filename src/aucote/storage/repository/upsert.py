"""Insert-or-update on a primary or unique key, in the dialect's own statement (SQLite and
PostgreSQL: `INSERT … ON CONFLICT DO UPDATE`), so two processes writing the same key never fail."""

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, object]], keys: Sequence[str]
) -> None:
    """Insert the rows; a row whose `keys` exist already replaces that row's other columns."""
    if not rows:
        return
    postgres = connection.dialect.name == "postgresql"
    statement = postgresql.insert(table) if postgres else sqlite.insert(table)
    changed = {name: statement.excluded[name] for name in rows[0] if name not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changed), rows)
