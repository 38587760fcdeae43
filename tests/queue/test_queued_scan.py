"""A port scan on the job queue (real PostgreSQL, real nmap on loopback addresses): every host's
job runs on a worker of the host's zone only, results are recorded once, and a retried job that
already finished writes nothing."""

import asyncio
from ipaddress import ip_network

import pytest
from sqlalchemy import Engine, func, select

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.model.status import ScanStatus
from aucote.queue.app import HOST_TASK
from aucote.queue.queue import ProcrastinateQueue
from aucote.storage.tables import port_scans, queue_jobs
from tests.queue.conftest import RecordingRunner, listening, opened, queue_executor, workers, workers_settings

pytestmark = [pytest.mark.postgres, pytest.mark.nmap]

HOSTS = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]


def _options(port: int) -> ScanOptions:
    scan = PortScanOptions("tcp", Protocol.TCP, str(port), host_discovery=False, host_timeout=20.0)
    targets = TargetSet(tuple(ip_network(f"{host}/32") for host in HOSTS))
    return ScanOptions(targets=targets, port_scans=(scan,), run_checks=False, version_intensity=0)


def test_each_host_is_scanned_by_its_zone_and_a_retry_writes_nothing(
    queue_url: str, queue_engine: Engine
) -> None:
    settings = workers_settings({"lab": ["127.0.0.2/32"]})
    runners = {"lab": RecordingRunner(), "default": RecordingRunner()}
    with listening(HOSTS) as port:
        result, scan_id = asyncio.run(_scan(queue_url, queue_engine, settings, runners, port))
    assert (result.status, result.problems) == (ScanStatus.DONE, [])
    assert runners["lab"].targets() == {"127.0.0.2"}
    assert runners["default"].targets() == {"127.0.0.3", "127.0.0.4"}
    with queue_engine.connect() as connection:
        found = connection.execute(select(port_scans.c.port).where(port_scans.c.scan_id == scan_id)).all()
        jobs = connection.execute(
            select(queue_jobs.c.zone, queue_jobs.c.state, queue_jobs.c.attempt)
            .where(queue_jobs.c.scan_id == scan_id)
            .order_by(queue_jobs.c.zone)
        ).all()
    assert [row.port for row in found] == [port] * 3
    assert [tuple(row) for row in jobs] == [("default", "done", 1)] * 2 + [("lab", "done", 1)]


async def _scan(url, engine, settings, runners, port):  # type: ignore[no-untyped-def]
    async with opened(url, settings) as app, workers(app, engine, settings, runners):
        executor = queue_executor(app, engine, settings)
        run = executor.scan(_options(port), skip_hosts=frozenset(), resumed_from=None)
        result = await run.run()
        scan_id = result.scan_ids["tcp"]
        await _retry_a_finished_job(app, engine, scan_id)
        return result, scan_id


async def _retry_a_finished_job(app, engine, scan_id):  # type: ignore[no-untyped-def]
    """The same job queued again (as a retry would): it finds its job finished and does nothing."""
    with engine.connect() as connection:
        key = connection.execute(
            select(queue_jobs.c.key).where(queue_jobs.c.scan_id == scan_id, queue_jobs.c.zone == "lab")
        ).scalar_one()
    job = {"key": key}  # never parsed past the key: the lease is refused first
    job_id = await ProcrastinateQueue(app).defer(HOST_TASK, "lab", key, {**job, **await _json_of(app, key)})
    for _ in range(100):
        status = await app.job_manager.get_job_status_async(job_id)
        if status.value in ("succeeded", "failed"):
            break
        await asyncio.sleep(0.1)
    assert status.value == "succeeded"
    with engine.connect() as connection:
        count = connection.execute(
            select(func.count()).select_from(port_scans).where(port_scans.c.scan_id == scan_id)
        ).scalar_one()
    assert count == 3


async def _json_of(app, key):  # type: ignore[no-untyped-def]
    jobs = await app.job_manager.list_jobs_async(queueing_lock=key)
    return dict(next(iter(jobs)).task_kwargs["job"])
