"""A zone's slots: taking a free one never waits, a taker waits for a slot given back (and is
seen waiting), a cancelled taker holds none. On a real PostgreSQL with real nmap: a run stopped
while a zone's two slots are held by running jobs gives both back (the next run of the zone
completes), and a run whose jobs cannot be queued gives its slots back too."""

import asyncio
from collections.abc import Sequence
from ipaddress import ip_network

import pytest
from sqlalchemy import Engine, select

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.model.status import ScanStatus
from aucote.queue.executor import QueueExecutor
from aucote.queue.jobs import Json
from aucote.queue.zone_slots import ZoneSlots
from aucote.storage.tables import queue_jobs
from tests.queue.conftest import RecordingRunner, listening, opened, queue_executor, workers, workers_settings

HOSTS = ["127.0.0.57", "127.0.0.58", "127.0.0.59", "127.0.0.60"]
HELD, CLOSED = 41020, 41021
SETTINGS = {"zones": {"slow": ["127.0.0.56/29"]}, "limits": {"slow": {"parallel_tasks": 2}}}


def test_free_slots_are_taken_without_waiting_and_a_waiter_gets_a_given_one() -> None:
    async def scenario() -> list[object]:
        slots = ZoneSlots({"slow": 2}.get)  # type: ignore[arg-type]
        seen: list[object] = []
        await slots.take("slow")
        await slots.take("slow")
        seen += [slots.free("slow"), slots.in_use("slow")]
        seen.append(slots.wanted())
        waiter = asyncio.create_task(slots.take("slow"))
        await asyncio.sleep(0.01)
        seen += [waiter.done(), slots.wanted()]
        slots.give("slow")
        await asyncio.sleep(0)
        seen += [waiter.done(), slots.in_use("slow"), slots.wanted()]
        return seen

    assert asyncio.run(scenario()) == [False, 2, False, False, True, True, 2, False]


def test_a_cancelled_taker_holds_no_slot() -> None:
    async def scenario() -> tuple[int, bool]:
        slots = ZoneSlots(lambda zone: 1)
        await slots.take("a")
        waiter = asyncio.create_task(slots.take("a"))
        await asyncio.sleep(0.01)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        slots.give("a")
        return slots.in_use("a"), slots.free("a")

    assert asyncio.run(scenario()) == (0, True)


def test_zones_do_not_share_slots() -> None:
    async def scenario() -> tuple[bool, bool]:
        slots = ZoneSlots(lambda zone: 1)
        await slots.take("a")
        return slots.free("a"), slots.free("b")

    assert asyncio.run(scenario()) == (False, True)


@pytest.mark.postgres
@pytest.mark.nmap
def test_a_stopped_run_gives_its_slots_back(queue_url: str, queue_engine: Engine) -> None:
    settings = workers_settings(SETTINGS["zones"], SETTINGS["limits"])
    runners = {"slow": RecordingRunner()}
    with listening(HOSTS, HELD):
        stopped, states, after = asyncio.run(_stop_then_scan(queue_url, queue_engine, settings, runners))
    assert stopped == {"running": 2, "queued": 2}
    assert states == ["cancelled"] * 4
    assert after == (ScanStatus.DONE, 0)


async def _stop_then_scan(url, engine, settings, runners):  # type: ignore[no-untyped-def]
    async with (
        opened(url, settings) as app,
        workers(app, engine, settings, runners, per_zone=2, concurrency=8),
    ):
        executor = _executor(app, engine, settings)
        first = executor.scan(_options(HELD), skip_hosts=frozenset(), resumed_from=None)
        run = asyncio.create_task(first.run())
        stopped = await _until_running(engine, 2)
        assert executor.slots.in_use("slow") == 2
        run.cancel()
        await asyncio.gather(run, return_exceptions=True)
        states = _states(engine, first.result.scan_ids["tcp"])  # type: ignore[attr-defined]
        second = await asyncio.wait_for(
            executor.scan(_options(CLOSED), skip_hosts=frozenset(), resumed_from=None).run(), 60
        )
        return stopped, states, (second.status, executor.slots.in_use("slow"))


class FailingQueue:
    """Queues the first job, then the database refuses."""

    def __init__(self) -> None:
        self.deferred = 0

    async def defer(self, task: str, zone: str, key: str, job: Json) -> int:
        self.deferred += 1
        if self.deferred > 1:
            raise ConnectionError("queue unavailable")
        return self.deferred

    async def abort(self, job_ids: Sequence[int]) -> None:
        pass


@pytest.mark.postgres
def test_a_run_whose_jobs_cannot_be_queued_gives_its_slots_back(queue_url: str, queue_engine: Engine) -> None:
    settings = workers_settings(SETTINGS["zones"], SETTINGS["limits"])

    async def scenario() -> tuple[ScanStatus, str | None, int, list[str]]:
        async with opened(queue_url, settings) as app:
            executor = _executor(app, queue_engine, settings)
            run = executor.scan(_options(CLOSED), skip_hosts=frozenset(), resumed_from=None)
            run.queue = FailingQueue()  # type: ignore[attr-defined]
            result = await asyncio.wait_for(run.run(), 30)
            states = _states(queue_engine, result.scan_ids["tcp"])
            return result.status, result.reason, executor.slots.in_use("slow"), states

    status, reason, in_use, states = asyncio.run(scenario())
    assert (status, in_use, states) == (ScanStatus.FAILED, 0, ["cancelled"] * 4)
    assert "queue unavailable" in (reason or "")


def _executor(app, engine, settings) -> QueueExecutor:  # type: ignore[no-untyped-def]
    return queue_executor(app, engine, settings)


def _options(port: int) -> ScanOptions:
    scan = PortScanOptions("tcp", Protocol.TCP, str(port), host_discovery=False, host_timeout=30.0)
    targets = TargetSet(tuple(ip_network(f"{host}/32") for host in HOSTS))
    return ScanOptions(targets=targets, port_scans=(scan,), run_checks=False, version_intensity=0)


async def _until_running(engine: Engine, count: int) -> dict[str, int]:
    """Wait until `count` jobs of the zone run; the states of its open jobs then."""
    for _ in range(200):
        open_states = _open_states(engine)
        if open_states.get("running") == count:
            return open_states
        await asyncio.sleep(0.1)
    raise AssertionError(f"never {count} jobs running: {_open_states(engine)}")


def _open_states(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(queue_jobs.c.state).where(
                queue_jobs.c.zone == "slow", queue_jobs.c.state.in_(["queued", "running"])
            )
        ).all()
    return {state: sum(1 for row in rows if row.state == state) for state in {row.state for row in rows}}


def _states(engine: Engine, scan_id: int) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(select(queue_jobs.c.state).where(queue_jobs.c.scan_id == scan_id)).all()
    return sorted(row.state for row in rows)
