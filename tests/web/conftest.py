"""Dashboard fixtures: a client of the app over the shared seeded database (tests/support/seeded_db.py:
the API's seed plus its outcome rows, SQLite and PostgreSQL, built once per module: not to be
written by tests), with the API tests' fixed clock. The app is built once per module too; each test
gets a client of its own (own cookies)."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from tests.support.child_watcher import default_child_watcher

BASE = "http://localhost:1235"
NOW = 1508833683.8892133


@pytest.fixture(scope="module", autouse=True)
def _child_watcher() -> None:
    """The browser tests' Playwright starts its driver from an event loop of its own."""
    default_child_watcher()


@pytest.fixture(scope="module")
def pages_app(seeded_db: Engine) -> FastAPI:
    """The app (pages and API) over the seeded database."""
    return create_app(seeded_db, clock=lambda: NOW)


@pytest.fixture
def pages(pages_app: FastAPI) -> Iterator[TestClient]:
    """A client of the app over the seeded database."""
    with TestClient(pages_app, base_url=BASE) as client:
        yield client
