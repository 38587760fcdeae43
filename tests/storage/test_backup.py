"""SQLite's online backup while a writer keeps committing: the writer is not held up, the copy is
a consistent snapshot (a prefix of the committed rows, nothing half-written), sound, and
self-contained; a restore puts it back; a file that is not a database is refused."""

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from aucote.storage.backup import BackupError, backup_sqlite, restore_sqlite, sqlite_path


def _create(path: Path) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE item (n INTEGER PRIMARY KEY, pair INTEGER NOT NULL)")


def _write(path: Path, stop: threading.Event, gaps: list[float]) -> None:
    """Commit rows n and -n together, timing each commit, until told to stop."""
    with closing(sqlite3.connect(path, isolation_level=None, timeout=30)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        n = 0
        while not stop.is_set():
            n += 1
            began = time.monotonic()
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT INTO item VALUES (?, ?)", [(n, 0), (-n, n)])
            connection.execute("COMMIT")
            gaps.append(time.monotonic() - began)


def _rows(path: Path) -> list[tuple[int, int]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT n, pair FROM item ORDER BY n").fetchall()


def test_a_backup_taken_while_writing_is_a_consistent_snapshot(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.sqlite3", tmp_path / "backups" / "copy.sqlite3"
    copy.parent.mkdir()
    _create(live)
    stop, gaps = threading.Event(), []
    writer = threading.Thread(target=_write, args=(live, stop, gaps))
    writer.start()
    try:
        while len(gaps) < 200:
            time.sleep(0.01)
        result = backup_sqlite(live, copy)
        during = len(gaps)
        time.sleep(0.2)
    finally:
        stop.set()
        writer.join()
    assert len(gaps) > during  # the writer went on after the copy
    rows = _rows(copy)
    positives = sorted(n for n, _ in rows if n > 0)
    assert positives == list(range(1, len(positives) + 1))  # a prefix of the commits
    assert sorted(pair for n, pair in rows if n < 0) == positives  # both rows of each commit
    assert 200 <= len(positives) < len(gaps)
    assert (result.path, result.size) == (copy, copy.stat().st_size)
    assert not copy.with_name(f"{copy.name}-wal").exists()  # one self-contained file
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no partial file left


def test_restore_replaces_the_database_with_the_backup(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    _create(live)
    with closing(sqlite3.connect(live, isolation_level=None)) as connection:
        connection.execute("INSERT INTO item VALUES (1, 0)")
        backup_sqlite(live, copy)
        connection.execute("INSERT INTO item VALUES (2, 0)")
    assert _rows(live) == [(1, 0), (2, 0)]
    restore_sqlite(copy, live)
    assert _rows(live) == [(1, 0)]


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk, live = tmp_path / "junk.sqlite3", tmp_path / "live.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    _create(live)
    with pytest.raises(BackupError, match="not a SQLite database"):
        restore_sqlite(junk, live)
    with pytest.raises(BackupError, match="does not exist"):
        backup_sqlite(tmp_path / "missing.sqlite3", tmp_path / "out.sqlite3")
    assert _rows(live) == []


def test_sqlite_path_of_urls() -> None:
    assert sqlite_path("sqlite:///var/aucote.sqlite3") == Path("var/aucote.sqlite3")
    assert sqlite_path("sqlite:////srv/a.db") == Path("/srv/a.db")
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("postgresql://u:p@db/aucote") is None
