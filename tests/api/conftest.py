"""API fixtures: clients over the seeded databases (SQLite and PostgreSQL, tests/support/seeded_db.py),
seen as the seed's host, with a fixed clock so whole bodies (meta included) can be compared. The
seeded databases are read-only, so they and the apps over them are built once per test module and
db_backend; each test gets a client of its own (own cookies)."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from tests.support.seeded_db import empty_database, seeded_engine

BASE = "http://localhost:1235"
NOW = 1508833683.8892133


@pytest.fixture(scope="module")
def seeded(
    db_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated database holding the seed example alone (not to be written by tests)."""
    with (
        empty_database(db_backend, request, tmp_path_factory) as url,
        seeded_engine(url, outcomes=False) as engine,
    ):
        yield engine


@pytest.fixture(scope="module")
def with_outcomes(seeded_db: Engine) -> Engine:
    """The seed plus tests/api/outcome_rows.py: security scans of every outcome, findings of
    risk None and Low (the shared `seeded_db`; not to be written by tests)."""
    return seeded_db


@pytest.fixture(scope="module")
def seeded_app(seeded: Engine) -> FastAPI:
    """The API over the seed, with the fixed clock."""
    return create_app(seeded, clock=lambda: NOW)


@pytest.fixture(scope="module")
def outcomes_app(with_outcomes: Engine) -> FastAPI:
    """The API over the seed and the outcome rows, with the fixed clock."""
    return create_app(with_outcomes, clock=lambda: NOW)


@pytest.fixture
def client(seeded_app: FastAPI) -> Iterator[TestClient]:
    """A client of the API over the seeded database."""
    with TestClient(seeded_app, base_url=BASE) as test_client:
        yield test_client


@pytest.fixture
def outcomes_client(outcomes_app: FastAPI) -> Iterator[TestClient]:
    """A client of the API over the seed plus the outcome rows."""
    with TestClient(outcomes_app, base_url=BASE) as test_client:
        yield test_client


@pytest.fixture
def empty_client(engine: Engine) -> Iterator[TestClient]:
    """A client of the API over an empty database."""
    with TestClient(create_app(engine, clock=lambda: NOW), base_url=BASE) as test_client:
        yield test_client
