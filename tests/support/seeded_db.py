"""The seeded database the API, dashboard and export tests read: the seed (tests/support/seed_data.py)
plus the rows of every outcome and risk (tests/api/outcome_rows.py) and the overview's top lists,
migrated and filled once per test module and backend, not to be written by tests (one that must,
puts back what it changed).

Backends: a test using `db_backend` (so `seeded_db` and what builds on it) runs once on SQLite and
once on PostgreSQL; a module whose queries are the same SQL on both (nothing of its own reaches a
query module, or another module already covers that query on PostgreSQL) narrows it with
`pytestmark = pytest.mark.backends("sqlite")`. Registered for the whole suite by tests/conftest.py."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.repository.top_values import record_tops
from tests.api.outcome_rows import add_outcomes
from tests.support.postgres import fresh_database
from tests.support.seed_data import seed

BACKENDS = ("sqlite", "postgresql")
TOPS_AT = 1508833683.8892133
"""When the top lists were recorded: the fixed clock of the API and dashboard tests."""


@contextmanager
def seeded_engine(url: str, *, outcomes: bool = True) -> Iterator[Engine]:
    """`url` migrated and seeded (with the outcome rows and the top lists unless `outcomes` is
    false)."""
    engine = open_engine(url)
    try:
        upgrade(engine)
        seed(engine)
        if outcomes:
            add_outcomes(engine)
            with engine.begin() as connection:
                record_tops(connection, TOPS_AT)  # the overview's top lists, as a run's end writes them
        yield engine
    finally:
        engine.dispose()


@contextmanager
def empty_database(
    db_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database on `db_backend`: a SQLite file, or a fresh database on the session's server."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'aucote.sqlite3'}"
        return
    with fresh_database(request.getfixturevalue("postgres_server_url")) as url:
        yield url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`db_backend` once per backend, or per the `backends` marker's names."""
    if "db_backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    names = marker.args if marker is not None else BACKENDS
    if unknown := set(names) - set(BACKENDS):
        raise ValueError(f"unknown backends {sorted(unknown)}: expected some of {BACKENDS}")
    metafunc.parametrize("db_backend", names, indirect=True, scope="module")


@pytest.fixture(scope="module")
def db_backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this module's run: "sqlite" or "postgresql"."""
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def seeded_db(
    db_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The seed and the outcome rows on `db_backend` (not to be written by tests)."""
    with empty_database(db_backend, request, tmp_path_factory) as url, seeded_engine(url) as engine:
        yield engine
