"""Changes: differences between a scan and the previous scan of the same scanner."""

from collections.abc import Sequence
from dataclasses import asdict

from sqlalchemy import Connection, insert

from aucote.storage.repository.records import NewChange
from aucote.storage.tables import changes


def add_changes(connection: Connection, rows: Sequence[NewChange]) -> None:
    """Insert changes."""
    if rows:
        connection.execute(insert(changes), [asdict(row) for row in rows])
