"""Opening a database: URL defaults, SQLite pragmas (WAL, foreign keys, page cache) and the engine
factory."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

CACHE_KIB = 65536
"""SQLite's page cache per connection: 64 MiB."""


def normalise_url(url: str) -> str:
    """Accept `postgresql://` and pick the psycopg 3 driver for it; leave other URLs as given."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def _sqlite_pragmas(dbapi_connection: object, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # big indexes stay in memory (bench: +25 % ingest)
    cursor.close()


def _sqlite_release(dbapi_connection: object | None, _record: ConnectionPoolEntry) -> None:
    """Back in the pool: free the connection's page cache (PRAGMA shrink_memory). A pooled
    connection otherwise keeps every page it has read, up to cache_size, so a long-running
    process's memory grows with the database: in the service, by about the file's size (see the
    soak in docs/benchmarks.md). Within a transaction the 64 MiB cache still holds (the ingest
    rate is unchanged: each bulk transaction writes its own batch)."""
    if dbapi_connection is None:  # invalidated
        return
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA shrink_memory")
    cursor.close()


def open_engine(url: str) -> Engine:
    """Create an engine; for a SQLite file, create its folder and switch on WAL and foreign keys."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "checkin", _sqlite_release)
    return engine


STREAMING_CACHE_KIB = 4096


@contextmanager
def streaming_read(connection: Connection) -> Iterator[None]:
    """A long read of many rows, each needed once (an export): on SQLite the connection's page
    cache is cut to 4 MiB while it lasts, so memory does not grow with the pages read (a sort
    spills to temporary files beyond it), then set back to the 64 MiB of `_sqlite_pragmas`."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size=-{STREAMING_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")
