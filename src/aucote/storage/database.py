"""Opening a database: URL defaults, SQLite pragmas (WAL, foreign keys, page cache) and the engine
factory."""

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry


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
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: big indexes stay in memory (bench: +25 % ingest)
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
