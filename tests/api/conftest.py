"""API fixtures: a client over the seeded database (SQLite and PostgreSQL), seen as the seed's
host, with a fixed clock so whole bodies (meta included) can be compared. The seeded database is
read-only, so it is built once per test module and backend."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.api.outcome_rows import add_outcomes
from tests.support.postgres import fresh_database
from tests.support.seed_data import seed

BASE = "http://localhost:1235"
NOW = 1508833683.8892133


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database holding the seed example (not to be written by tests)."""
    if request.param == "sqlite":
        yield from _seeded(f"sqlite:///{tmp_path_factory.mktemp('api') / 'aucote.sqlite3'}")
        return
    with fresh_database(request.getfixturevalue("postgres_server_url")) as url:
        yield from _seeded(url)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def with_outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The seed plus tests/api/outcome_rows.py: security scans of every outcome, findings of
    risk None and Low (not to be written by tests)."""
    if request.param == "sqlite":
        yield from _seeded(f"sqlite:///{tmp_path_factory.mktemp('api') / 'aucote.sqlite3'}", outcomes=True)
        return
    with fresh_database(request.getfixturevalue("postgres_server_url")) as url:
        yield from _seeded(url, outcomes=True)


def _seeded(url: str, *, outcomes: bool = False) -> Iterator[Engine]:
    engine = open_engine(url)
    upgrade(engine)
    seed(engine)
    if outcomes:
        add_outcomes(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def client(seeded: Engine) -> Iterator[TestClient]:
    """A client of the API over the seeded database."""
    with TestClient(create_app(seeded, clock=lambda: NOW), base_url=BASE) as test_client:
        yield test_client


@pytest.fixture
def outcomes_client(with_outcomes: Engine) -> Iterator[TestClient]:
    """A client of the API over the seed plus the outcome rows."""
    with TestClient(create_app(with_outcomes, clock=lambda: NOW), base_url=BASE) as test_client:
        yield test_client


@pytest.fixture
def empty_client(engine: Engine) -> Iterator[TestClient]:
    """A client of the API over an empty database."""
    with TestClient(create_app(engine, clock=lambda: NOW), base_url=BASE) as test_client:
        yield test_client
