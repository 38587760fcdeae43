"""Export fixtures: the shared seeded database (`seeded_db`, tests/support/seeded_db.py: the seed
plus rows of every outcome and risk, on SQLite and PostgreSQL, read-only, once per module); and a
small SQLite database of hostile content (tests/export/hostile_rows.py), fresh per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.export.hostile_rows import add_hostile_rows


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite database holding only the hostile rows."""
    engine = open_engine(f"sqlite:///{tmp_path / 'hostile.sqlite3'}")
    upgrade(engine)
    add_hostile_rows(engine)
    yield engine
    engine.dispose()
