"""Copying a SQLite database while it is in use, through SQLite's online backup API.

The copy is made in one step inside one read transaction: on a WAL database (how Aucote opens
SQLite) a reader blocks no writer, so the service goes on recording while the copy is taken, and
the copy is the database as it was when the step began (a consistent snapshot, committed
transactions only). It is written to a temporary file beside the destination, checked with
`PRAGMA quick_check`, switched out of WAL (one self-contained file) and then renamed into place,
so a half-written backup never carries the destination's name."""

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or a restore could not be made (nothing was replaced)."""


@dataclass(frozen=True, kw_only=True)
class CopyResult:
    """A finished copy: where it went, how big it is and how many pages it took."""

    path: Path
    size: int
    pages: int


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for another backend (or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def backup_sqlite(database: Path, destination: Path) -> CopyResult:
    """Copy the live database `database` to `destination` (replaced if it exists)."""
    if not database.is_file():
        raise BackupError(f"{database} does not exist")
    return _copy(database, destination)


def restore_sqlite(backup: Path, database: Path) -> CopyResult:
    """Replace the database `database` with the backup file `backup` (checked first). The service
    must be stopped: its open connections would keep reading the old pages."""
    if not backup.is_file():
        raise BackupError(f"{backup} does not exist")
    _check(backup)
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(_open(backup)) as source, closing(_open(database)) as target:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")  # as the service opens it
        pages = int(target.execute("PRAGMA page_count").fetchone()[0])
    return CopyResult(path=database, size=database.stat().st_size, pages=pages)


def _copy(database: Path, destination: Path) -> CopyResult:
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(_open(database)) as source, closing(_open(partial)) as target:
            source.backup(target)  # pages=-1: all in one step, one read transaction
            target.execute("PRAGMA journal_mode=DELETE")
            pages = int(target.execute("PRAGMA page_count").fetchone()[0])
        _check(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return CopyResult(path=destination, size=destination.stat().st_size, pages=pages)


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def _check(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            answer = [row[0] for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}") from None
    if answer != ["ok"]:
        raise BackupError(f"{path} failed its integrity check: {'; '.join(answer[:5])}")
