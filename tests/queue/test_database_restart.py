"""PostgreSQL restarted in the middle of a queued scan (its own throwaway cluster, a real nmap
waiting on a silent port, an in-process worker): the service side and the worker reconnect and
the scan completes, its port recorded once."""

import asyncio
from collections.abc import Iterator
from datetime import datetime
from ipaddress import ip_network

import pytest
from sqlalchemy import Engine, select, text

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.model.status import ScanStatus
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.tables import port_scans, queue_jobs
from tests.queue.conftest import RecordingRunner, listening, opened, queue_executor, workers, workers_settings
from tests.support.postgres import Cluster, fresh_database, private_cluster

pytestmark = [pytest.mark.postgres, pytest.mark.nmap]

HOST = "127.0.0.41"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A cluster of this test's own: restarting it disturbs no other test."""
    with private_cluster() as started:
        yield started


def test_a_scan_survives_a_database_restart(cluster: Cluster) -> None:
    with fresh_database(cluster.url) as url, listening([HOST]) as port:
        engine = open_engine(url)
        try:
            upgrade(engine)
            status, scan_id = asyncio.run(_scenario(url, engine, cluster, port))
            with engine.connect() as connection:
                rows = connection.execute(
                    select(port_scans.c.port).where(port_scans.c.scan_id == scan_id)
                ).all()
                job = connection.execute(
                    select(queue_jobs.c.state).where(queue_jobs.c.scan_id == scan_id)
                ).one()
        finally:
            engine.dispose()
    assert status is ScanStatus.DONE
    assert [row.port for row in rows] == [port]
    assert tuple(job) == ("done",)


async def _scenario(url: str, engine: Engine, cluster: Cluster, port: int) -> tuple[ScanStatus, int]:
    settings = workers_settings()
    scan = PortScanOptions("tcp", Protocol.TCP, str(port), host_discovery=False, host_timeout=6.0)
    options = ScanOptions(
        targets=TargetSet((ip_network(f"{HOST}/32"),)),
        port_scans=(scan,),
        run_checks=False,
        version_intensity=9,
    )
    async with opened(url, settings) as app, workers(app, engine, settings, {"default": RecordingRunner()}):
        executor = queue_executor(app, engine, settings)
        scanning = asyncio.create_task(
            executor.scan(options, skip_hosts=frozenset(), resumed_from=None).run()
        )
        await _until_running(engine)
        started = _postmaster_start(engine)
        await asyncio.to_thread(cluster.stop, "fast")
        await asyncio.sleep(2)
        await asyncio.to_thread(cluster.start)
        assert not scanning.done(), "the scan ended before the restart: nothing was proven"
        assert _postmaster_start(engine) > started
        result = await asyncio.wait_for(scanning, 90)
        return result.status, result.scan_ids["tcp"]


def _postmaster_start(engine: Engine) -> datetime:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_postmaster_start_time()")).scalar_one()


async def _until_running(engine: Engine) -> None:
    for _ in range(300):
        with engine.connect() as connection:
            states = connection.execute(select(queue_jobs.c.state)).scalars().all()
        if "running" in states:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the host job never ran")
