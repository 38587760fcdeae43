"""Three workers of one zone race for the same queue (real PostgreSQL, real nmap on loopback
addresses): every job runs once, on one worker, and each host's port is recorded once."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from ipaddress import ip_network

import procrastinate
import pytest
from sqlalchemy import Engine, select

from aucote.catalog.loader import load_catalog
from aucote.config.settings import Settings
from aucote.config.workers import WorkersSettings
from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.model.status import ScanStatus
from aucote.queue.worker import make_kit, run_worker
from aucote.storage.tables import port_scans, queue_jobs
from tests.queue.conftest import RecordingRunner, listening, opened, queue_executor, workers_settings

pytestmark = [pytest.mark.postgres, pytest.mark.nmap]

HOSTS = [f"127.0.0.{last}" for last in range(31, 37)]


def test_three_workers_racing_run_each_job_once(queue_url: str, queue_engine: Engine) -> None:
    settings = workers_settings()
    runners = [RecordingRunner() for _ in range(3)]
    with listening(HOSTS) as port:
        result, scan_id = asyncio.run(_scan(queue_url, queue_engine, settings, runners, port))
    assert (result.status, result.problems) == (ScanStatus.DONE, [])
    scanned = Counter(target for runner in runners for target in runner.targets())
    assert scanned == Counter(HOSTS)  # each host on exactly one worker
    assert sum(1 for runner in runners if runner.targets()) >= 2  # they did race
    with queue_engine.connect() as connection:
        found = connection.execute(select(port_scans.c.port).where(port_scans.c.scan_id == scan_id)).all()
        jobs = connection.execute(
            select(queue_jobs.c.state, queue_jobs.c.attempt).where(queue_jobs.c.scan_id == scan_id)
        ).all()
    assert [row.port for row in found] == [port] * len(HOSTS)
    assert [tuple(row) for row in jobs] == [("done", 1)] * len(HOSTS)


def _options(port: int) -> ScanOptions:
    scan = PortScanOptions("tcp", Protocol.TCP, str(port), host_discovery=False, host_timeout=20.0)
    targets = TargetSet(tuple(ip_network(f"{host}/32") for host in HOSTS))
    return ScanOptions(targets=targets, port_scans=(scan,), run_checks=False, version_intensity=0)


async def _scan(url, engine, settings, runners, port):  # type: ignore[no-untyped-def]
    async with opened(url, settings) as app, _racing(app, engine, settings, runners):
        executor = queue_executor(app, engine, settings)
        run = executor.scan(_options(port), skip_hosts=frozenset(), resumed_from=None)
        result = await run.run()
        return result, result.scan_ids["tcp"]


@asynccontextmanager
async def _racing(
    app: procrastinate.App, engine: Engine, settings: WorkersSettings, runners: Sequence[RecordingRunner]
) -> AsyncIterator[None]:
    """One `default` worker per runner, concurrency 2 each; drained at the end."""
    full, catalog = Settings(workers=settings), load_catalog()
    tasks = []
    for index, runner in enumerate(runners):
        kit = make_kit(full, engine, catalog, name=f"racer-{index}", zone="default", runner=runner)
        worker = run_worker(app, kit, settings, concurrency=2, install_signal_handlers=False)
        tasks.append(asyncio.create_task(worker))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
