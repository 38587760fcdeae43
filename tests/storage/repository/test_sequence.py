"""Dense counters on both backends: numbers follow one another, and two transactions creating the
same counter at the same time (two workers storing their first findings) both get numbers — the
second waits for the first and continues after it, instead of failing on the counter's key."""

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.repository.sequence import allocate, current
from tests.support.postgres import fresh_database


@pytest.fixture
def postgres_engine(postgres_server_url: str) -> Iterator[Engine]:
    """A migrated PostgreSQL database (SQLite runs one writer at a time: no two creators meet)."""
    with fresh_database(postgres_server_url) as url:
        engine = open_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()


def test_numbers_follow_one_another(engine: Engine) -> None:
    with engine.begin() as connection:
        assert [allocate(connection, "things", 3), allocate(connection, "things", 2)] == [1, 4]
        assert current(connection, "things") == 5


@pytest.mark.postgres
def test_two_transactions_creating_one_counter_both_get_numbers(postgres_engine: Engine) -> None:
    engine = postgres_engine
    second: list[int | BaseException] = []

    def later() -> None:
        try:
            with engine.begin() as connection:
                second.append(allocate(connection, "findings", 2))
        except BaseException as error:  # handed to the test thread
            second.append(error)

    with engine.begin() as connection:
        first = allocate(connection, "findings", 3)
        thread = threading.Thread(target=later)
        thread.start()
        thread.join(1.0)  # it waits on the counter's row until this transaction commits
        assert thread.is_alive()
    thread.join(10)
    assert (first, second) == (1, [4])
