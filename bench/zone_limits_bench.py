"""A zone's `parallel_tasks` on the job queue (issue 14): what the limit costs a scan of quick host
jobs, and how soon a freed slot is used again.

A throwaway PostgreSQL cluster (tests/support/postgres.py, never the machine's own), migrated; two
in-process workers of `--concurrency 8` for the `default` zone (the tests' helpers); a queued scan
(QueueExecutor, the service's code) of `--hosts` loopback addresses 127.0.0.101… on one closed
port (`--port`, nothing listens there): each host job is one short nmap port scan. Cases: the zone
unlimited (parallel_tasks 1000), limited to 4 with the runs looking for ended jobs every
SLOT_POLL_SECONDS (0.05 s) while a slot is wanted (the code), and limited to 4 looking only every
POLL_SECONDS (0.25 s, as without that). From Aucote's job record (`queue_jobs.started`/`ended`):
wall time, jobs/s, most jobs running at once, and the hand-over — from the end of a job to the
start of the job that took its slot (k-th start minus (k-P)-th end, sorted), p50/p99.

    PYTHONPATH=src:. .venv/bin/python -m bench.zone_limits_bench
"""

import argparse
import asyncio
import logging
import os
import statistics
import time
from ipaddress import ip_address, ip_network

from sqlalchemy import Engine, select
from tests.queue.conftest import RecordingRunner, opened, queue_executor, workers, workers_settings
from tests.support.postgres import fresh_database, throwaway_cluster

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.queue import coordinator
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.tables import queue_jobs

CASES = (("unlimited", 1000, coordinator.SLOT_POLL_SECONDS), ("P=4", 4, coordinator.SLOT_POLL_SECONDS))
SLOW_POLL = ("P=4, 0.25 s poll", 4, coordinator.POLL_SECONDS)


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def options(hosts: int, port: int) -> ScanOptions:
    first = int(ip_address("127.0.0.101"))
    targets = TargetSet(tuple(ip_network(ip_address(first + n)) for n in range(hosts)))
    scan = PortScanOptions("tcp", Protocol.TCP, str(port), host_discovery=False, host_timeout=30.0)
    return ScanOptions(targets=targets, port_scans=(scan,), run_checks=False, version_intensity=0)


async def case(
    url: str, engine: Engine, args: argparse.Namespace, parallel: int, poll: float
) -> dict[str, float]:
    settings = workers_settings(limits={"default": {"parallel_tasks": parallel}})
    coordinator.SLOT_POLL_SECONDS = poll
    async with (
        opened(url, settings) as app,
        workers(app, engine, settings, {"default": RecordingRunner()}, per_zone=2, concurrency=8),
    ):
        executor = queue_executor(app, engine, settings)
        began = time.monotonic()
        result = await executor.scan(
            options(args.hosts, args.port), skip_hosts=frozenset(), resumed_from=None
        ).run()
        wall = time.monotonic() - began
    with engine.connect() as connection:
        rows = connection.execute(
            select(queue_jobs.c.started, queue_jobs.c.ended).where(
                queue_jobs.c.scan_id == result.scan_ids["tcp"]
            )
        ).all()
    starts, ends = sorted(row.started for row in rows), sorted(row.ended for row in rows)
    gaps = [(starts[k] - ends[k - parallel]) * 1000 for k in range(parallel, len(starts))]
    quantiles = statistics.quantiles(gaps, n=100) if len(gaps) > 1 else [0.0] * 99
    return {
        "wall": wall,
        "rate": len(rows) / wall,
        "most": most_at_once([(row.started, row.ended) for row in rows]),
        "p50": statistics.median(gaps) if gaps else 0.0,
        "p99": quantiles[98],
    }


def most_at_once(spans: list[tuple[float, float]]) -> float:
    """The most jobs running at one instant."""
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    most = current = 0
    for _, step in events:
        current += step
        most = max(most, current)
    return float(most)


async def bench(url: str, args: argparse.Namespace) -> None:
    engine = open_engine(url)
    upgrade(engine)
    print(f"{os.cpu_count()} CPUs; {load()}; {args.hosts} hosts, port {args.port} closed, 2 workers x 8")
    cases = CASES + ((SLOW_POLL,) if args.slow_poll else ())
    for round_ in range(args.rounds):
        for name, parallel, poll in cases:
            figures = await case(url, engine, args, parallel, poll)
            handover = (
                f"; hand-over p50 {figures['p50']:.0f} ms, p99 {figures['p99']:.0f} ms"
                if parallel < 1000
                else ""
            )
            print(
                f"round {round_ + 1} {name}: {figures['wall']:.2f} s, {figures['rate']:.1f} jobs/s, "
                f"most at once {figures['most']:.0f}{handover}; {load()}"
            )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=40)
    parser.add_argument("--port", type=int, default=41030)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-slow-poll", dest="slow_poll", action="store_false")
    args = parser.parse_args()
    logging.getLogger("procrastinate").setLevel(logging.ERROR)
    with throwaway_cluster() as server, fresh_database(server) as url:
        asyncio.run(bench(url, args))


if __name__ == "__main__":
    main()
