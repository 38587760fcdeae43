"""The service's scheduled prune: it runs in the background on schedule, counts what it deleted
in aucote_rows_pruned_total, and stops with the service."""

import asyncio
from pathlib import Path

from bench.dashboard_seed import Shape, fill
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from aucote.config.retention import RetentionSettings
from aucote.metrics.retention import PruneMetrics
from aucote.model.retention import PrunedTable
from aucote.scheduling.retention import Pruner
from aucote.storage.database import open_engine

BASE_DAY = 1_767_000_000 // 3600 * 3600.0
NOW = BASE_DAY + 10 * 86400.0
TABLES = ("security_scans", "vulnerabilities", "port_scans", "changes", "notification_outbox")


def pruned_metric(registry: CollectorRegistry) -> dict[str, float]:
    families = text_string_to_metric_families(generate_latest(registry).decode())
    return {
        sample.labels["table"]: sample.value
        for family in families
        if family.name == "aucote_rows_pruned"
        for sample in family.samples
        if sample.name == "aucote_rows_pruned_total"
    }


def test_scheduled_prune_is_counted_and_stops_with_the_service(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    fill(url, Shape(nodes=10, runs=3, checks=20, port_runs=3, triaged=2), BASE_DAY)
    engine = open_engine(url)

    def rows() -> dict[str, int]:
        with engine.connect() as connection:
            return {
                name: int(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
                for name in TABLES
            }

    before = rows()
    registry = CollectorRegistry()
    metrics = PruneMetrics(registry)
    assert pruned_metric(registry) == {table.value: 0.0 for table in PrunedTable}
    settings = RetentionSettings(keep_runs=1, max_age=86400.0, every=3600.0)
    pruner = Pruner(engine, settings, lambda: NOW, metrics.pruned, first_delay=0.0)

    async def scenario() -> None:
        stopping = asyncio.Event()
        task = asyncio.create_task(pruner.run(stopping))
        for _ in range(500):
            if pruned_metric(registry)["security_scans"]:
                break
            await asyncio.sleep(0.02)
        stopping.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(scenario())
    after = rows()
    counted = pruned_metric(registry)
    assert counted["security_scans"] > 0 and counted["changes"] > 0
    no_jobs = {"queue_jobs": 0.0, "procrastinate_jobs": 0.0}  # SQLite: no job queue
    assert counted == {name: float(before[name] - after[name]) for name in TABLES} | no_jobs
    engine.dispose()


def test_no_prune_while_retention_is_off(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'none.sqlite3'}")  # no schema: a prune would fail
    calls: list[object] = []
    pruner = Pruner(engine, RetentionSettings(every=0.01), lambda: NOW, calls.append, first_delay=0.0)

    async def scenario() -> None:
        stopping = asyncio.Event()
        task = asyncio.create_task(pruner.run(stopping))
        await asyncio.sleep(0.1)
        stopping.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(scenario())
    assert calls == []
    engine.dispose()
