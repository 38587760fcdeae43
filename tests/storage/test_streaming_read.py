"""storage.database.streaming_read: a long read on SQLite runs with a small page cache, and the
pooled connection gets its usual cache back."""

from sqlalchemy import Engine

from aucote.storage.database import CACHE_KIB, STREAMING_CACHE_KIB, streaming_read


def test_the_cache_is_small_while_streaming_and_restored_after(engine: Engine) -> None:
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with streaming_read(connection):  # nothing to change elsewhere
                assert connection.exec_driver_sql("SELECT 1").scalar() == 1
            return
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -CACHE_KIB
        with streaming_read(connection):
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -STREAMING_CACHE_KIB
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -CACHE_KIB
