"""Deleting the rows retention chose (queries/prunable.py), within the caller's short transaction;
the numbers of deleted security scans and findings are noted for their lists' paging."""

from collections.abc import Sequence

from sqlalchemy import Connection, Table, delete

from aucote.storage.repository.seq_holes import note_deleted
from aucote.storage.tables import security_scans, vulnerabilities


def delete_runs(
    connection: Connection, runs: Sequence[tuple[int, int]], reports: Sequence[tuple[int, int]]
) -> None:
    """Delete security scans and their reports, given as (id, seq); the reports first (they point
    at the runs)."""
    for table, rows in ((vulnerabilities, reports), (security_scans, runs)):
        if rows:
            delete_ids(connection, table, [row_id for row_id, _ in rows])
            note_deleted(connection, table.name, [seq for _, seq in rows])


def delete_ids(connection: Connection, table: Table, ids: Sequence[int]) -> None:
    """Delete rows of `table` by id."""
    if ids:
        connection.execute(delete(table).where(table.c.id.in_(list(ids))))
