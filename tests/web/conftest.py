"""Dashboard fixtures: a client of the app over the API's seed plus its outcome rows (SQLite and
PostgreSQL, built once per module: not to be written by tests), with the API tests' fixed clock."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.repository.top_values import record_tops
from tests.api.outcome_rows import add_outcomes
from tests.support.child_watcher import default_child_watcher
from tests.support.postgres import fresh_database
from tests.support.seed_data import seed

BASE = "http://localhost:1235"
NOW = 1508833683.8892133


@pytest.fixture(scope="module", autouse=True)
def _child_watcher() -> None:
    """The browser tests' Playwright starts its driver from an event loop of its own."""
    default_child_watcher()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded_pages(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The seed plus the outcome rows, and the overview's top lists as a run's end writes them."""
    if request.param == "sqlite":
        yield from _seeded(f"sqlite:///{tmp_path_factory.mktemp('web') / 'aucote.sqlite3'}")
        return
    with fresh_database(request.getfixturevalue("postgres_server_url")) as url:
        yield from _seeded(url)


def _seeded(url: str) -> Iterator[Engine]:
    engine = open_engine(url)
    upgrade(engine)
    seed(engine)
    add_outcomes(engine)
    with engine.begin() as connection:
        record_tops(connection, NOW)  # as the recorder does when a run ends
    yield engine
    engine.dispose()


@pytest.fixture
def pages(seeded_pages: Engine) -> Iterator[TestClient]:
    """A client of the app (pages and API) over the seeded database."""
    with TestClient(create_app(seeded_pages, clock=lambda: NOW), base_url=BASE) as client:
        yield client
