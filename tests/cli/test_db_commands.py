"""`aucote db backup` and `aucote db restore` on both backends: the seeded database is backed up,
restored into another database, and the API over the restored one answers every list exactly as
over the original (SQLite through its online backup API, PostgreSQL through pg_dump/pg_restore on
a throwaway cluster)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from aucote.api.app import create_app
from aucote.cli.main import build_app
from aucote.storage.database import open_engine
from aucote.storage.migrate import head_revision, upgrade
from tests.support.postgres import fresh_database
from tests.support.seed_data import seed

NOW = 1508833683.8892133
HEAD = head_revision(open_engine("sqlite://"))
LISTS = [
    "/sec_scans?limit=5&page=2",
    "/scans",
    "/nodes",
    "/ports",
    "/vulnerabilities",
    "/changes",
    "/exploits",
]


def bodies(url: str) -> dict[str, Any]:
    engine = open_engine(url)
    try:
        with TestClient(create_app(engine, clock=lambda: NOW), base_url="http://localhost") as client:
            return {path: client.get(f"/api/v1{path}").json() for path in LISTS}
    finally:
        engine.dispose()


def aucote(*args: str) -> str:
    result = CliRunner().invoke(build_app(), list(args))
    assert result.exit_code == 0, result.output
    return result.output


@contextmanager
def database_pair(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server_url")
    with fresh_database(server) as source, fresh_database(server) as target:
        yield source, target


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_backup_then_restore_serves_the_same_api(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with database_pair(backend, tmp_path, request) as (source, target):
        engine = open_engine(source)
        upgrade(engine)
        seed(engine)
        engine.dispose()
        archive = tmp_path / "aucote.backup"
        assert "Backed up" in aucote("db", "backup", str(archive), "--db", source)
        assert archive.stat().st_size > 0
        restored = aucote("db", "restore", str(archive), "--db", target, "--yes")
        assert f"is at revision {HEAD}" in restored and "upgrade" not in restored
        original = bodies(source)
        assert original["/sec_scans?limit=5&page=2"]["security_scans"]  # something to compare
        assert bodies(target) == original


def test_restore_asks_first_and_refuses_junk(tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    junk = tmp_path / "junk"
    junk.write_bytes(b"x" * 4096)
    asked = CliRunner().invoke(build_app(), ["db", "restore", str(junk), "--db", target], input="n\n")
    assert asked.exit_code == 1 and "Replace the database" in asked.output
    refused = CliRunner().invoke(build_app(), ["db", "restore", str(junk), "--db", target, "--yes"])
    assert refused.exit_code == 1 and "not a SQLite database" in refused.output
