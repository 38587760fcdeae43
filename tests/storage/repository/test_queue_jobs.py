"""Job leases on both backends: a retried job writes once, and an attempt whose lease a successor
took cannot write, even when it was inside its write transaction as the successor started."""

import threading

import pytest
from sqlalchemy import Connection, Engine, select

from aucote.model.jobs import JobKind, JobState
from aucote.model.status import CheckReason
from aucote.storage.repository import queue_jobs, scans
from aucote.storage.repository.queue_jobs import LeaseLost, NewJob
from aucote.storage.tables import queue_jobs as table


@pytest.fixture
def key(engine: Engine) -> str:
    with engine.begin() as connection:
        scan_id = scans.start_scan(connection, "tcp", 6, 1.0)
        queue_jobs.add_jobs(
            connection, [NewJob(key="host:1:1", kind=JobKind.HOST, scan_id=scan_id, zone="dmz")], 1.0
        )
    return "host:1:1"


def _row(connection: Connection, key: str) -> tuple[object, ...]:
    row = connection.execute(
        select(table.c.state, table.c.attempt, table.c.worker).where(table.c.key == key)
    ).one()
    return tuple(row)


def test_each_attempt_takes_the_next_lease_and_the_old_one_is_refused(engine: Engine, key: str) -> None:
    with engine.begin() as connection:
        first = queue_jobs.take_lease(connection, key, "w1", 2.0)
        second = queue_jobs.take_lease(connection, key, "w2", 3.0)
    assert first is not None and second is not None
    assert (first.attempt, second.attempt) == (1, 2)
    with pytest.raises(LeaseLost, match="attempt 1 lost its lease"), engine.begin() as connection:
        queue_jobs.finish(connection, first, 4.0)
    with engine.begin() as connection:
        assert _row(connection, key) == ("running", 2, "w2")
        queue_jobs.finish(connection, second, 5.0)
        assert _row(connection, key) == ("done", 2, "w2")


def test_a_finished_job_gives_no_lease(engine: Engine, key: str) -> None:
    with engine.begin() as connection:
        lease = queue_jobs.take_lease(connection, key, "w1", 2.0)
        assert lease is not None
        queue_jobs.finish(connection, lease, 3.0)
        assert queue_jobs.take_lease(connection, key, "w2", 4.0) is None
        assert queue_jobs.states(connection, [key]) == {key: JobState.DONE}


def test_ending_a_job_revokes_the_running_lease(engine: Engine, key: str) -> None:
    with engine.begin() as connection:
        lease = queue_jobs.take_lease(connection, key, "w1", 2.0)
        assert lease is not None
        cancelled = (JobState.CANCELLED, 3.0, CheckReason.CANCELLED, "stop")
        ended = queue_jobs.end_unfinished(connection, [key], *cancelled)
        assert ended == [key]
    with pytest.raises(LeaseLost), engine.begin() as connection:
        queue_jobs.fence(connection, lease)


def test_a_successor_waits_for_a_fenced_write_in_progress_and_then_finds_it_done(
    engine: Engine, key: str
) -> None:
    with engine.begin() as connection:
        lease = queue_jobs.take_lease(connection, key, "w1", 2.0)
    assert lease is not None
    taken: list[object] = []
    with engine.begin() as connection:
        queue_jobs.fence(connection, lease)
        successor = threading.Thread(target=lambda: taken.append(_take(engine, key)))
        successor.start()
        successor.join(0.5)
        assert successor.is_alive()  # blocked on the row the write holds
        queue_jobs.finish(connection, lease, 3.0)
    successor.join(30)
    assert taken == [None]


def _take(engine: Engine, key: str) -> object:
    with engine.begin() as connection:
        return queue_jobs.take_lease(connection, key, "w2", 4.0)
