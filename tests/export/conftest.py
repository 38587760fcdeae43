"""Export fixtures: the API tests' seeded database (the seed plus rows of every outcome and risk)
on SQLite and PostgreSQL, read-only, once per module; and a small SQLite database of hostile
content (tests/export/hostile_rows.py), fresh per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.api.outcome_rows import add_outcomes
from tests.export.hostile_rows import add_hostile_rows
from tests.support.postgres import fresh_database
from tests.support.seed_data import seed


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stored(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The seed and the outcome rows (not to be written by tests)."""
    if request.param == "sqlite":
        yield from _stored(f"sqlite:///{tmp_path_factory.mktemp('export') / 'aucote.sqlite3'}")
        return
    with fresh_database(request.getfixturevalue("postgres_server_url")) as url:
        yield from _stored(url)


def _stored(url: str) -> Iterator[Engine]:
    engine = open_engine(url)
    upgrade(engine)
    seed(engine)
    add_outcomes(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite database holding only the hostile rows."""
    engine = open_engine(f"sqlite:///{tmp_path / 'hostile.sqlite3'}")
    upgrade(engine)
    add_hostile_rows(engine)
    yield engine
    engine.dispose()
