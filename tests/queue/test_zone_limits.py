"""Each zone's limits on the queue: the rate a zone's port scans carry (the lower of the scanner's
and the zone's cap), and — on a real PostgreSQL with real nmap on loopback listeners that hold
their connections — a zone with `parallel_tasks: 2` served by workers of 24 slots in all never has
more than 2 of its jobs running at once, while the `default` zone (its own limit, 5) runs all its
jobs together, without waiting behind the limited zone's; the zone's port scans carry
`--max-rate 7`, the other zone's the scanner's rate."""

import asyncio
from collections.abc import Sequence
from ipaddress import ip_network

import pytest
from sqlalchemy import Engine, select

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.model.status import ScanStatus
from aucote.queue.zone_limits import ZoneLimits, capped_rate
from aucote.storage.tables import queue_jobs
from tests.queue.conftest import RecordingRunner, listening, opened, queue_executor, workers, workers_settings

SLOW = ["127.0.0.41", "127.0.0.42", "127.0.0.43", "127.0.0.44"]
OTHER = ["127.0.0.51", "127.0.0.52", "127.0.0.53"]
PORT = 41010
LIMITS = {"slow": {"parallel_tasks": 2, "scan_rate": 7}, "default": {"parallel_tasks": 5}}


@pytest.mark.parametrize(
    ("rate", "cap", "expected"), [(50, 7, 7), (5, 7, 5), (50, None, 50), (None, 7, 7), (None, None, None)]
)
def test_the_lower_of_the_scanners_rate_and_the_zones_cap(
    rate: int | None, cap: int | None, expected: int | None
) -> None:
    assert capped_rate(rate, cap) == expected


def test_limits_by_zone_and_the_default_for_zones_that_set_none() -> None:
    settings = workers_settings({"slow": ["10.0.0.0/8"], "fast": ["10.1.0.0/16"]}, LIMITS)
    limits = ZoneLimits.of(settings, default_parallel=30)
    assert [limits.parallel_of(zone) for zone in ("slow", "fast", "default", "gone")] == [2, 30, 5, 30]
    scan = PortScanOptions("tcp", Protocol.TCP, "22", max_rate=50)
    assert [limits.port_scan(zone, scan).max_rate for zone in ("slow", "fast", "default")] == [7, 50, 50]
    assert limits.port_scan("slow", scan).ports == "22"


@pytest.mark.postgres
@pytest.mark.nmap
def test_a_zones_parallel_tasks_and_scan_rate_hold_over_all_its_workers(
    queue_url: str, queue_engine: Engine
) -> None:
    settings = workers_settings({"slow": ["127.0.0.40/29"]}, LIMITS)
    runners = {"slow": RecordingRunner(), "default": RecordingRunner()}
    with listening(SLOW + OTHER, PORT):
        result = asyncio.run(_scan(queue_url, queue_engine, settings, runners))
    assert (result.status, result.problems) == (ScanStatus.DONE, [])
    with queue_engine.connect() as connection:
        rows = connection.execute(
            select(queue_jobs.c.zone, queue_jobs.c.state, queue_jobs.c.started, queue_jobs.c.ended).where(
                queue_jobs.c.scan_id == result.scan_ids["tcp"]
            )
        ).all()
    assert sorted((row.zone, row.state) for row in rows) == [("default", "done")] * 3 + [("slow", "done")] * 4
    slow = [(row.started, row.ended) for row in rows if row.zone == "slow"]
    other = [(row.started, row.ended) for row in rows if row.zone == "default"]
    assert most_at_once(slow) == 2
    assert most_at_once(other) == 3
    assert max(start for start, _ in other) < min(end for _, end in slow)  # never behind the slow zone
    assert _rates(runners["slow"]) == {"7"}
    assert _rates(runners["default"]) == {"50"}
    assert runners["slow"].targets() == set(SLOW)


def most_at_once(spans: Sequence[tuple[float, float]]) -> int:
    """The most spans (start, end) open at one instant."""
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    most = current = 0
    for _, step in events:
        current += step
        most = max(most, current)
    return most


def _rates(runner: RecordingRunner) -> set[str]:
    """The --max-rate of every port scan the runner ran."""
    port_scans = [command for command in runner.commands if "-sV" not in command]
    assert port_scans
    return {command[command.index("--max-rate") + 1] for command in port_scans}


def _options() -> ScanOptions:
    scan = PortScanOptions(
        "tcp", Protocol.TCP, str(PORT), host_discovery=False, max_rate=50, host_timeout=30.0
    )
    targets = TargetSet(tuple(ip_network(f"{host}/32") for host in SLOW + OTHER))
    return ScanOptions(targets=targets, port_scans=(scan,), run_checks=False, version_intensity=0)


async def _scan(url, engine, settings, runners):  # type: ignore[no-untyped-def]
    async with (
        opened(url, settings) as app,
        workers(app, engine, settings, runners, per_zone=3, concurrency=8),
    ):
        executor = queue_executor(app, engine, settings)
        result = await executor.scan(_options(), skip_hosts=frozenset(), resumed_from=None).run()
        assert executor.slots.in_use("slow") == executor.slots.in_use("default") == 0
        return result
