"""Retention's prune of the job queue's finished jobs (real PostgreSQL, a real queued scan on
loopback): jobs that ended before `retention.finished_jobs` leave Aucote's record and
procrastinate's tables (events included); a job still open stays in both; a dry run only counts."""

import asyncio
import time
from ipaddress import ip_network

import pytest
from sqlalchemy import Engine, select, text

from aucote.config.retention import RetentionSettings
from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.pruning import prune
from aucote.engine.targets import TargetSet
from aucote.model.jobs import JobKind
from aucote.model.protocol import Protocol
from aucote.model.retention import PrunedTable
from aucote.model.status import ScanStatus
from aucote.queue.app import HOST_TASK
from aucote.queue.queue import ProcrastinateQueue
from aucote.storage.repository import queue_jobs as records
from aucote.storage.repository.queue_jobs import NewJob
from aucote.storage.tables import queue_jobs
from tests.queue.conftest import RecordingRunner, listening, opened, queue_executor, workers, workers_settings

pytestmark = [pytest.mark.postgres, pytest.mark.nmap]

HOSTS = ["127.0.0.2", "127.0.0.3"]
WEEK = 7 * 86400.0
SETTINGS = RetentionSettings(finished_jobs=WEEK, batch=1)
OPEN_KEY = "host:open"


def test_finished_jobs_are_pruned_and_open_ones_stay(queue_url: str, queue_engine: Engine) -> None:
    with listening(HOSTS) as port:
        status, open_id = asyncio.run(_scan_then_leave_one_open(queue_url, queue_engine, port))
    assert status is ScanStatus.DONE
    finished_ids = set(_job_ids(queue_engine)) - {open_id}
    assert len(finished_ids) == 2 and _events_of(queue_engine, finished_ids) > 0

    assert _deleted(prune(queue_engine, SETTINGS, time.time())) == (0, 0)  # none ended a week ago
    later = time.time() + WEEK + 60
    assert _deleted(prune(queue_engine, SETTINGS, later, dry_run=True)) == (2, 2)
    assert len(_job_ids(queue_engine)) == 3
    deleted = prune(queue_engine, SETTINGS, later)
    assert _deleted(deleted) == (2, 2)
    assert deleted[PrunedTable.SECURITY_SCANS] == 0  # no history limit is set
    assert _job_ids(queue_engine) == [open_id]
    assert _procrastinate_ids(queue_engine) == {open_id}
    assert _events_of(queue_engine, finished_ids) == 0


async def _scan_then_leave_one_open(url, engine, port):  # type: ignore[no-untyped-def]
    """A two-host port scan whose jobs finish, then one job queued for a zone with no worker."""
    settings = workers_settings()
    async with opened(url, settings) as app:
        async with workers(app, engine, settings, {"default": RecordingRunner()}):
            executor = queue_executor(app, engine, settings, parallel_tasks=4)
            result = await executor.scan(_options(port), skip_hosts=frozenset(), resumed_from=None).run()
        scan_id = result.scan_ids["tcp"]
        with engine.begin() as connection:
            records.add_jobs(
                connection, [NewJob(key=OPEN_KEY, kind=JobKind.HOST, scan_id=scan_id, zone="nobody")], 1.0
            )
        open_id = await ProcrastinateQueue(app).defer(HOST_TASK, "nobody", OPEN_KEY, {"key": OPEN_KEY})
        with engine.begin() as connection:
            records.set_job_ids(connection, {OPEN_KEY: open_id})
        return result.status, open_id


def _options(port: int) -> ScanOptions:
    scan = PortScanOptions("tcp", Protocol.TCP, str(port), host_discovery=False, host_timeout=20.0)
    targets = TargetSet(tuple(ip_network(f"{host}/32") for host in HOSTS))
    return ScanOptions(targets=targets, port_scans=(scan,), run_checks=False, version_intensity=0)


def _deleted(deleted: dict[PrunedTable, int]) -> tuple[int, int]:
    return deleted[PrunedTable.QUEUE_JOBS], deleted[PrunedTable.PROCRASTINATE_JOBS]


def _job_ids(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return sorted(connection.execute(select(queue_jobs.c.job_id)).scalars())


def _procrastinate_ids(engine: Engine) -> set[int]:
    with engine.connect() as connection:
        return set(connection.execute(text("SELECT id FROM procrastinate_jobs")).scalars())


def _events_of(engine: Engine, job_ids: set[int]) -> int:
    statement = text("SELECT count(*) FROM procrastinate_events WHERE job_id = ANY(:ids)")
    with engine.connect() as connection:
        return int(connection.execute(statement, {"ids": sorted(job_ids)}).scalar_one())
