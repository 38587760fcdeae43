"""`/api/v1/workers`: workers alive, stopped and lost (by their own stalled_after), their running
jobs, and per zone the jobs queued and running, on SQLite and PostgreSQL."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.model.jobs import JobKind
from aucote.storage.repository import queue_jobs, queue_workers, scans
from aucote.storage.repository.queue_jobs import NewJob
from aucote.storage.repository.queue_workers import NewWorker
from tests.api.conftest import BASE, NOW
from tests.api.expected import META, same

H = "2017-10-24T08:{}+00:00"


def _worker(name: str, zone: str) -> NewWorker:
    return NewWorker(name=name, zone=zone, host="box", version="0.1.0", pid=7, lost_after=30.0)


def _fill(engine: Engine) -> None:
    with engine.begin() as c:
        scan_id = scans.start_scan(c, "tcp", 6, NOW - 100)
        queue_workers.register(c, _worker("w-alive", "dmz"), NOW - 60)
        queue_workers.heartbeat(c, "w-alive", NOW - 5)
        queue_workers.register(c, _worker("w-lost", "dmz"), NOW - 60)
        queue_workers.register(c, _worker("w-stopped", "default"), NOW - 60)
        queue_workers.stopped(c, "w-stopped", NOW - 50)
        jobs = [
            NewJob(key=f"host:{scan_id}:{n}", kind=JobKind.HOST, scan_id=scan_id, zone="dmz") for n in (1, 2)
        ]
        queue_jobs.add_jobs(c, jobs, NOW - 40)
        queue_jobs.take_lease(c, f"host:{scan_id}:1", "w-alive", NOW - 30)


def _job(worker: str | None, started: float | None, human: str | None) -> dict[str, object]:
    return {"job": f"host:1:{1 if worker else 2}", "kind": "host", "scan_id": 1, "worker": worker,
            "started": started, "started_human": human}  # fmt: skip


def _body(state: str, name: str, zone: str, beat: float, beat_human: str, running: list[object]) -> object:
    return {"name": name, "zone": zone, "host": "box", "version": "0.1.0", "started": NOW - 60,
            "started_human": H.format("27:03.889213"), "heartbeat": beat, "heartbeat_human": beat_human,
            "heartbeat_age": round(NOW - beat, 3), "state": state, "running": running}  # fmt: skip


def test_workers_and_zone_jobs(engine: Engine) -> None:
    _fill(engine)
    with TestClient(create_app(engine, clock=lambda: NOW), base_url=BASE) as client:
        response = client.get("/api/v1/workers")
    running = _job("w-alive", NOW - 30, H.format("27:33.889213"))
    same(
        response.json(),
        {
            "workers": [
                _body("stopped", "w-stopped", "default", NOW - 60, H.format("27:03.889213"), []),
                _body("alive", "w-alive", "dmz", NOW - 5, H.format("27:58.889213"), [running]),
                _body("lost", "w-lost", "dmz", NOW - 60, H.format("27:03.889213"), []),
            ],
            "zones": [{"zone": "dmz", "queued": 1, "running": [running]}],
            "meta": META,
        },
    )
