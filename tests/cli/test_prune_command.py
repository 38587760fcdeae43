"""`aucote db prune [--dry-run]` over a small dashboard history (SQLite; both backends are pruned
in tests/engine/test_pruning.py)."""

import re
from pathlib import Path

from bench.dashboard_seed import Shape, fill
from sqlalchemy import text
from typer.testing import CliRunner

from aucote.cli.main import build_app
from aucote.model.retention import PrunedTable
from aucote.storage.database import open_engine

BASE_DAY = 1_767_000_000 // 3600 * 3600.0
SHAPE = Shape(nodes=10, runs=3, checks=20, port_runs=3, triaged=2)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.output


def counts(url: str) -> dict[str, int]:
    engine = open_engine(url)
    with engine.connect() as connection:
        found = {
            name: int(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
            for name in ("security_scans", "vulnerabilities", "port_scans", "changes")
        }
    engine.dispose()
    return found


def reported(output: str) -> dict[str, int]:
    return {name: int(number) for name, number in re.findall(r"│ (\w+)\s+│ (\d+)\s+│", output)}


def test_dry_run_then_prune(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    fill(url, SHAPE, BASE_DAY)
    config = tmp_path / "aucote.yaml"
    config.write_text("retention:\n  keep_runs: 1\n  batch: 50\n", encoding="utf-8")
    before = counts(url)
    code, output = run("db", "prune", "--dry-run", "--config", str(config), "--db", url)
    assert code == 0, output
    assert "Would delete" in output
    would = reported(output)
    assert set(would) == {table.value for table in PrunedTable}
    assert would["security_scans"] > 0 and would["port_scans"] > 0 and would["changes"] == 0
    assert would["queue_jobs"] == would["procrastinate_jobs"] == 0  # SQLite: no job queue
    assert counts(url) == before
    code, output = run("db", "prune", "--config", str(config), "--db", url)
    assert code == 0, output
    assert reported(output) == would
    after = counts(url)
    assert {name: before[name] - after[name] for name in after} == {name: would[name] for name in after}


def test_retention_off_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "aucote.yaml"
    config.write_text("retention:\n  finished_jobs: null\n", encoding="utf-8")
    code, output = run(
        "db", "prune", "--config", str(config), "--db", f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    )
    assert code == 2
    assert "retention is off" in output
