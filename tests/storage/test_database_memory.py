"""SQLite's page cache is per transaction: a pooled connection gives it back when it returns to
the pool, so a long-running process does not grow with the database file."""

import ctypes
from pathlib import Path

import pytest
from sqlalchemy import text

from aucote.storage.database import open_engine

MB = 1024 * 1024


def _sqlite_memory() -> int:
    """sqlite3_memory_used() of this process (the libsqlite3 that Python's _sqlite3 links)."""
    try:
        library = ctypes.CDLL("libsqlite3.so.0")
    except OSError:
        pytest.skip("no libsqlite3.so.0 to read SQLite's memory counter from")
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return int(library.sqlite3_memory_used())


def test_page_cache_is_freed_when_a_connection_returns_to_the_pool(tmp_path: Path) -> None:
    before = _sqlite_memory()
    engine = open_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE filler (id INTEGER PRIMARY KEY, data TEXT)"))
        connection.execute(
            text(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000) "
                "INSERT INTO filler (data) SELECT printf('%.1000c', 'x') FROM n"
            )
        )
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA cache_size")).scalar() == -65536
        assert connection.execute(text("SELECT sum(length(data)) FROM filler")).scalar() == 8_000_000
        reading = _sqlite_memory()
    returned = _sqlite_memory()
    engine.dispose()

    assert reading - before > 6 * MB  # the whole table was in the cache during the transaction
    assert returned - before < MB  # and is not kept once the connection is back in the pool


def test_in_memory_database_keeps_its_data_across_checkins() -> None:
    engine = open_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE kept (id INTEGER PRIMARY KEY)"))
        connection.execute(text("INSERT INTO kept VALUES (1), (2), (3)"))
    for _ in range(3):
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM kept")).scalar() == 3
