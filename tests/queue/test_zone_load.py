"""Each zone's queued and running jobs, from jobs stored and leased through the repository and read
back with the query the queue executor refreshes its snapshot with; then scraped as the
`aucote_zone_jobs_*` gauges with prometheus-client's parser."""

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

from aucote.engine.executor import ExecutorSnapshot, ZoneLoad
from aucote.metrics.tasks import TaskCollector
from aucote.model.jobs import JobKind, JobState
from aucote.model.status import CheckReason
from aucote.queue.zone_load import zone_loads
from aucote.storage.queries.workers import open_jobs
from aucote.storage.repository import queue_jobs, scans
from aucote.storage.repository.queue_jobs import NewJob

JOBS = [("a", "dmz"), ("b", "dmz"), ("c", "dmz"), ("d", "default"), ("e", "lab"), ("f", "lab")]


def _store(engine: Engine) -> None:
    with engine.begin() as connection:
        scan_id = scans.start_scan(connection, "tcp", 6, 1000.0)
        jobs = [NewJob(key=key, kind=JobKind.HOST, scan_id=scan_id, zone=zone) for key, zone in JOBS]
        queue_jobs.add_jobs(connection, jobs, 1000.0)
        queue_jobs.take_lease(connection, "a", "dmz-1", 1001.0)
        queue_jobs.take_lease(connection, "e", "lab-1", 1001.0)
        stopped = (JobState.CANCELLED, 1002.0, CheckReason.CANCELLED, "scan stopped")
        queue_jobs.end_unfinished(connection, ["f"], *stopped)


def test_every_configured_zone_with_its_open_jobs(engine: Engine) -> None:
    _store(engine)
    with engine.connect() as connection:
        loads = zone_loads(open_jobs(connection), ["dmz", "lab", "office"])
    assert loads == (
        ZoneLoad(zone="default", queued=1, running=0),
        ZoneLoad(zone="dmz", queued=2, running=1),
        ZoneLoad(zone="lab", queued=0, running=1),  # f was cancelled
        ZoneLoad(zone="office", queued=0, running=0),
    )


def _scrape(snapshot: ExecutorSnapshot) -> dict[tuple[str, str], float]:
    registry = CollectorRegistry()
    registry.register(TaskCollector(lambda: snapshot))
    families = text_string_to_metric_families(generate_latest(registry).decode())
    return {
        (sample.name, sample.labels["zone"]): sample.value
        for family in families
        for sample in family.samples
        if "zone" in sample.labels
    }


def test_the_gauges_by_zone_and_none_without_workers() -> None:
    loads = (ZoneLoad(zone="default", queued=1, running=0), ZoneLoad(zone="dmz", queued=2, running=1))
    assert _scrape(ExecutorSnapshot((), (), 1, zones=loads)) == {
        ("aucote_zone_jobs_queued", "default"): 1.0,
        ("aucote_zone_jobs_queued", "dmz"): 2.0,
        ("aucote_zone_jobs_running", "default"): 0.0,
        ("aucote_zone_jobs_running", "dmz"): 1.0,
    }
    assert _scrape(ExecutorSnapshot((), (), 0)) == {}
