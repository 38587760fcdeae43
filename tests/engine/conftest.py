"""Fixtures of the engine tests: a migrated SQLite database for the scans that need no PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade


@pytest.fixture
def scan_db(tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated SQLite database."""
    engine = open_engine(f"sqlite:///{tmp_path / 'aucote.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()
