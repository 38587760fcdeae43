"""Fixtures shared by the whole suite: databases on SQLite and on a real PostgreSQL (and the seeded
one of tests/support/seeded_db.py); how pytest-xdist shares the modules between its workers."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from xdist.remote import Producer

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.support.postgres import fresh_database, postgres_server
from tests.support.xdist_scopes import ModuleScheduling

pytest_plugins = ("tests.support.seeded_db",)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A PostgreSQL server for the session (given by AUCOTE_TEST_POSTGRES_URL or started here)."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server_url")
    with fresh_database(server) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    engine = open_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> ModuleScheduling | None:
    """`--dist loadscope` by module, and tests/support/xdist_scopes.py's groups of modules."""
    if config.getvalue("dist") != "loadscope":
        return None
    return ModuleScheduling(config, log)
