"""The job queue with 1,000,000 jobs queued, database growth per million security scans, and what a
daily scan of 100,000 hosts needs (issue 14's simulation).

On a throwaway PostgreSQL cluster (tests/support/postgres.py, fsync off; never the machine's own),
migrated to Aucote's schema with procrastinate's applied (`ensure_schema`). The jobs are Aucote's
own: the host and checks jobs of scan_bench's lab (8 hosts, 33 TCP ports, profile basic) as
Aucote's planner cuts them (bench/queue_scale_shape.py), their JSON built by the real job classes.

At two queue depths, in the same run (a short queue, then 1,000,000 jobs in the zone's queue):

* **Fill** (not timed as a figure): the queue is topped up by one SQL `INSERT … SELECT` per
  100,000 jobs into `procrastinate_jobs` — procrastinate's own triggers (the `deferred` event, the
  NOTIFY) fire per row — with the JSON of a real host job and a real checks job as templates (key,
  node id and security scan ids numbered per job; one job in P a host job, P from the lab), and
  Aucote's record of each (`queue_jobs`, QUEUED) by one more `INSERT … SELECT`.
* **Enqueue rate**: `--enqueue` jobs through Aucote's real path, host by host as the coordinator
  queues them once their zone has free slots: the `queue_jobs` rows (`queue_jobs.add_jobs`), then
  `ProcrastinateQueue.defer` one job at a time (with its queueing lock), then the ids noted
  (`queue_jobs.set_job_ids`), each step the coordinator's own call.
* **Pick-up latency**: one worker on another zone's queue (`aucote-dmz`); `--probes` checks jobs
  queued there through the same path, each 0.1 s after the previous one started (a lone job's
  pick-up); procrastinate's `deferred` to `started` events, p50/p99/max.
* **An idle worker's fetch** on another zone's empty queue (after `ANALYZE`): the median time of
  procrastinate's fetch function, calls 7 to 16 in one session (what an idle worker runs on each
  NOTIFY and every second).
* **Completion on stale statistics**: right after the fill, before `ANALYZE`, while the
  planner's statistics are those of the drained queue before it (autovacuum is off on the two
  queue tables during the bench, so that the bench says when they are analyzed): 1 worker,
  `--cold` jobs. Then `ANALYZE`, as autovacuum would soon do, and the figures below.
* **Completion rate**: 1, 2 and 4 worker processes (bench/queue_bench.py's, Aucote's worker
  settings, concurrency 1; the host and checks tasks registered as no-ops) take `--drain` jobs
  each from the head of the zone's queue; jobs / (last `succeeded` - first `started`).

Then in a fresh database of the same cluster (bench/queue_scale_growth.py): `--security-scans`
security scans written through the repository layer as a scan run does (the recorder plans them,
a worker's fenced writes store outcomes and findings), with the queue's records of each job; bytes
per security scan and per job by pg_total_relation_size, before and after procrastinate's cleanup.
Last, the estimate on paper (bench/queue_scale_estimate.py).

    PYTHONPATH=src:. .venv/bin/python -m bench.queue_scale_bench --pg-port 44010
"""

import argparse
import asyncio
import logging
import os
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import procrastinate
import psycopg
from bench import queue_bench
from bench.queue_bench import load, query, running
from bench.queue_scale_estimate import Measured, estimate
from bench.queue_scale_growth import measure_growth
from bench.queue_scale_shape import (
    HostShape,
    LabTotals,
    NoCves,
    Template,
    defer_jobs,
    host_period,
    lab_hosts,
    lab_jobs,
    lab_options,
    record_jobs,
    templates,
    totals,
)
from sqlalchemy import Engine
from tests.support.postgres import fresh_database, throwaway_cluster

from aucote.catalog.loader import load_catalog
from aucote.checks.contract import Check
from aucote.checks.registry import build_checks
from aucote.config.workers import WorkersSettings
from aucote.engine.options import ScanOptions
from aucote.model.zones import queue_of
from aucote.queue.app import CHECKS_TASK, HOST_TASK, conninfo, ensure_schema, make_app
from aucote.queue.coordinator import Queued
from aucote.queue.queue import ProcrastinateQueue
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.cves import StoredCveLookup
from aucote.storage.repository import scans

ZONE, PROBE_ZONE = "default", "dmz"
QUEUE = queue_of(ZONE)
CHUNK = 100_000
FILL = """
INSERT INTO procrastinate_jobs (queue_name, task_name, queueing_lock, args)
SELECT %(queue)s,
       CASE WHEN g %% %(period)s = 0 THEN %(host_task)s ELSE %(checks_task)s END,
       CASE WHEN g %% %(period)s = 0 THEN 'host:' || %(scan)s || ':' || g ELSE 'checks:' || g END,
       replace(CASE WHEN g %% %(period)s = 0 THEN %(host)s ELSE %(checks)s END, '__N__', g::text)::jsonb
FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g
"""
RECORD = """
INSERT INTO queue_jobs (key, kind, scan_id, zone, job_id, state, attempt, created)
SELECT queueing_lock, CASE task_name WHEN %(host_task)s THEN 'host' ELSE 'checks' END,
       %(scan)s, %(zone)s, id, 'queued', 0, %(now)s
FROM procrastinate_jobs WHERE id > %(after)s AND queue_name = %(queue)s
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Level:
    """The figures at one queue depth."""

    queued: int
    fetch: float
    cold: float
    enqueue: float
    pickup: tuple[float, float, float]
    drain: dict[int, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class Setup:
    """What every phase uses."""

    url: str
    engine: Engine
    app: procrastinate.App
    options: ScanOptions
    shapes: list[HostShape]
    apps: Mapping[str, Check]
    per_job: int
    scan_id: int
    lab: LabTotals
    templates: tuple[Template, Template]


def say(line: str) -> None:
    print(line, flush=True)


def scalar(url: str, sql: str, args: tuple[object, ...] = ()) -> float:
    return float(str(query(url, sql, args)[0][0]))


def execute(url: str, sql: str) -> None:
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        connection.execute(sql.encode())


def analyze(url: str) -> None:
    """What autovacuum does once enough rows changed (off on these tables during the bench)."""
    execute(url, "ANALYZE procrastinate_jobs")
    execute(url, "ANALYZE queue_jobs")


def queued(url: str) -> int:
    return int(
        scalar(
            url, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo' AND queue_name = %s", (QUEUE,)
        )
    )


def fill(setup: Setup, depth: int, numbered_from: int) -> int:
    """Top the zone's queue up to `depth` jobs; the next free job number."""
    host, checks = setup.templates
    number, now = numbered_from, time.time()
    with psycopg.connect(conninfo(setup.url), autocommit=True) as connection:
        while (missing := depth - queued(setup.url)) > 0:
            count = min(CHUNK, missing)
            started = time.perf_counter()
            with connection.transaction():
                after = connection.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs").fetchone()
                values = {
                    "queue": QUEUE,
                    "period": host_period(setup.lab),
                    "host_task": HOST_TASK,
                    "checks_task": CHECKS_TASK,
                    "scan": setup.scan_id,
                    "host": host.args,
                    "checks": checks.args,
                    "lo": number,
                    "hi": number + count - 1,
                    "zone": ZONE,
                    "now": now,
                    "after": after[0] if after else 0,
                }
                connection.execute(FILL, values)
                connection.execute(RECORD, values)
            number += count
            say(f"  fill: {queued(setup.url):,} queued (+{count:,} in {time.perf_counter() - started:.1f} s)")
    return number


async def enqueue(setup: Setup, hosts: Sequence[Sequence[Queued]]) -> float:
    """Jobs per second through the coordinator's path, host by host."""
    queue = ProcrastinateQueue(setup.app)
    count, started = 0, time.perf_counter()
    for jobs in hosts:
        await record_jobs(setup.engine, jobs, time.time())
        await defer_jobs(setup.engine, queue, jobs)
        count += len(jobs)
    return count / (time.perf_counter() - started)


async def pickup(setup: Setup, probes: Sequence[Queued]) -> tuple[float, float, float]:
    """p50, p99, max milliseconds from enqueue to start, one worker on the probes' zone; each probe
    is queued 0.1 s after the previous one started (a lone job's pick-up, not a backlog's)."""
    queue = ProcrastinateQueue(setup.app)
    started = "SELECT count(*) FROM procrastinate_jobs WHERE id = %s AND status <> 'todo'"
    ids = []
    with running(setup.url, queue_of(PROBE_ZONE), 1):
        await asyncio.sleep(3)  # the worker is up and listening
        for job in probes:
            await record_jobs(setup.engine, [job], time.time())
            await defer_jobs(setup.engine, queue, [job])
            ids.append(int(scalar(setup.url, "SELECT job_id FROM queue_jobs WHERE key = %s", (job.key,))))
            queue_bench.wait_for(lambda: scalar(setup.url, started, (ids[-1],)) == 1, 120)
            await asyncio.sleep(0.1)
    latencies = sorted(
        float(str(row[0]))
        for row in query(
            setup.url,
            "SELECT extract(epoch FROM s.at - d.at) * 1000 FROM procrastinate_events d "
            "JOIN procrastinate_events s ON s.job_id = d.job_id AND s.type = 'started' "
            "WHERE d.type = 'deferred' AND d.job_id = ANY(%s)",
            (ids,),
        )
    )
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return statistics.median(latencies), p99, latencies[-1]


def fetch_time(url: str) -> float:
    """Median ms of an idle worker's fetch on an empty queue of another zone, in one session as a
    worker's: the 7th to 16th calls (PostgreSQL runs a PL/pgSQL statement on its generic plan from
    the 6th call on)."""
    fetch = "SELECT id FROM procrastinate_fetch_job_v2(ARRAY[%s]::varchar[], NULL)"
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        times = []
        for _call in range(16):
            started = time.perf_counter()
            connection.execute(fetch, (queue_of(PROBE_ZONE),)).fetchone()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[6:])


def drain(setup: Setup, workers: int, jobs: int) -> float:
    """Jobs per second that `workers` worker processes complete from the head of the zone's queue."""
    first = scalar(
        setup.url,
        "SELECT min(id) FROM procrastinate_jobs WHERE status = 'todo' AND queue_name = %s",
        (QUEUE,),
    )
    span = (int(first), int(first) + 20 * jobs)
    since = query(setup.url, "SELECT clock_timestamp()")[0][0]
    done = "SELECT count(*) FROM procrastinate_jobs WHERE id BETWEEN %s AND %s AND status = 'succeeded'"
    done += " AND queue_name = %s"
    with running(setup.url, QUEUE, workers):
        queue_bench.wait_for(lambda: scalar(setup.url, done, (*span, QUEUE)) >= jobs, 600)
    rows = query(
        setup.url,
        "SELECT count(*) FILTER (WHERE e.type = 'succeeded'), "
        "extract(epoch FROM max(e.at) FILTER (WHERE e.type = 'succeeded') "
        "- min(e.at) FILTER (WHERE e.type = 'started')) FROM procrastinate_events e "
        "JOIN procrastinate_jobs j ON j.id = e.job_id "
        "WHERE j.id BETWEEN %s AND %s AND j.queue_name = %s AND e.at >= %s",
        (*span, QUEUE, since),
    )
    count, seconds = int(str(rows[0][0])), float(str(rows[0][1]))
    return count / seconds


async def level(
    setup: Setup, args: argparse.Namespace, depth: int, number: int, label: str
) -> tuple[Level, int]:
    """The figures with the zone's queue at `depth` (plus what the drains take)."""
    say(f"{label}: filling to {depth:,} + {3 * args.drain:,} for the drains; {load()}")
    number = fill(setup, depth + 3 * args.drain + args.cold, number)
    cold = drain(setup, 1, args.cold)
    say(
        f"  completion on stale statistics, {queued(setup.url):,} queued, 1 worker: {cold:.1f} jobs/s;"
        f" {load()}"
    )
    analyze(setup.url)
    at = queued(setup.url)
    fetch = fetch_time(setup.url)
    say(f"  an idle worker's fetch on another zone's empty queue, {at:,} queued: {fetch:.1f} ms; {load()}")
    hosts = _jobs(setup, ZONE, number, args.enqueue)
    number += 10**6
    rate = await enqueue(setup, hosts)
    say(
        f"  enqueue, {at:,} queued: {args.enqueue} jobs by the coordinator's path, {rate:.0f} jobs/s;"
        f" {load()}"
    )
    probes = [job for jobs in _jobs(setup, PROBE_ZONE, number, args.probes) for job in jobs]
    number += 10**6
    latency = await pickup(setup, probes)
    p50, p99, top = latency
    say(
        f"  pick-up, {queued(setup.url):,} queued elsewhere: p50 {p50:.1f}, p99 {p99:.1f},"
        f" max {top:.1f} ms; {load()}"
    )
    rates = {}
    for workers in (1, 2, 4):
        before = queued(setup.url)
        rates[workers] = drain(setup, workers, args.drain)
        say(f"  completion, {before:,} queued, {workers} worker(s): {rates[workers]:.0f} jobs/s; {load()}")
    analyze(setup.url)  # the drained queue's statistics, as autovacuum would leave them
    return Level(queued=at, fetch=fetch, cold=cold, enqueue=rate, pickup=latency, drain=rates), number


def _jobs(setup: Setup, zone: str, number: int, count: int) -> list[list[Queued]]:
    return lab_jobs(
        setup.options,
        setup.shapes,
        setup.apps,
        setup.per_job,
        scan_id=setup.scan_id,
        zone=zone,
        first=number,
        count=count,
    )


def table(small: Level, deep: Level) -> None:
    def row(name: str, a: float, b: float, unit: str, digits: int = 0) -> None:
        say(f"| {name} | {a:,.{digits}f} {unit} | {b:,.{digits}f} {unit} | {b / a:.2f} |")

    say(f"\n| figure | {small.queued:,} queued | {deep.queued:,} queued | ratio deep / short |")
    say("|---|---|---|---|")
    row("an idle worker's fetch, another zone's queue", small.fetch, deep.fetch, "ms", 1)
    row("completion, 1 worker, statistics of the drained queue", small.cold, deep.cold, "jobs/s", 1)
    row("enqueue (coordinator's path)", small.enqueue, deep.enqueue, "jobs/s")
    for index, name in enumerate(("p50", "p99", "max")):
        row(f"pick-up {name}, another zone's queue", small.pickup[index], deep.pickup[index], "ms", 1)
    for workers in (1, 2, 4):
        row(f"completion, {workers} worker(s)", small.drain[workers], deep.drain[workers], "jobs/s")


async def queue_figures(url: str, args: argparse.Namespace) -> tuple[Level, Level]:
    """The queue's figures at a short and at the deep queue, in one database."""
    engine = open_engine(url)
    upgrade(engine)
    catalog = load_catalog()
    settings = WorkersSettings()
    app = make_app(url, settings)
    async with app.open_async():
        await ensure_schema(app)
        for name in ("procrastinate_jobs", "queue_jobs"):  # ANALYZE when the bench says so
            execute(url, f"ALTER TABLE {name} SET (autovacuum_enabled = false)")
        analyze(url)
        options = lab_options()
        shapes = lab_hosts(catalog, options)
        apps = build_checks(catalog, StoredCveLookup(engine))
        with engine.begin() as connection:
            scan_id = scans.start_scan(connection, options.tools_scanner, None, time.time())
        setup = Setup(
            url=url,
            engine=engine,
            app=app,
            options=options,
            shapes=shapes,
            apps=apps,
            per_job=settings.checks_per_job,
            scan_id=scan_id,
            lab=totals(shapes, apps, settings.checks_per_job),
            templates=templates(options, scan_id, shapes[0], apps, settings.checks_per_job),
        )
        small, number = await level(setup, args, 0, 1, "short queue")
        deep, number = await level(setup, args, args.depth, number, "deep queue")
    engine.dispose()
    return small, deep


def lab_totals() -> LabTotals:
    """The lab's shape with the default settings (the CVE check counted as present)."""
    catalog, options = load_catalog(), lab_options()
    return totals(
        lab_hosts(catalog, options), build_checks(catalog, NoCves()), WorkersSettings().checks_per_job
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=1_000_000, help="jobs queued for the deep figures")
    parser.add_argument("--enqueue", type=int, default=1000, help="jobs through the coordinator's path")
    parser.add_argument("--probes", type=int, default=100, help="pick-up probes")
    parser.add_argument("--drain", type=int, default=1000, help="jobs per completion phase")
    parser.add_argument("--cold", type=int, default=10, help="jobs completed on stale statistics")
    parser.add_argument("--security-scans", type=int, default=48_000, help="for the growth")
    parser.add_argument("--hosts", type=int, default=250, help="hosts per scan run, for the growth")
    parser.add_argument("--pg-port", type=int, default=None, help="the throwaway cluster's port")
    args = parser.parse_args()
    logging.getLogger("procrastinate").setLevel(logging.ERROR)
    started = time.monotonic()
    lab = lab_totals()
    say(f"{os.cpu_count()} CPUs; {load()}")
    say(
        f"lab shape (Aucote's planner, profile basic, checks_per_job {WorkersSettings().checks_per_job}): "
        f"{lab.hosts} hosts; per host {lab.ports:.2f} open ports, {lab.security_scans:.1f} security scans,"
        f" 1 host job + {lab.check_jobs:.2f} checks jobs; the fill: one job in {host_period(lab)} a host job"
    )
    with throwaway_cluster(args.pg_port) as server:
        with fresh_database(server) as url:
            small, deep = asyncio.run(queue_figures(url, args))
        table(small, deep)
        say(f"growth: {args.security_scans:,} security scans, {args.hosts} hosts per run; {load()}")
        catalog, options = load_catalog(), lab_options()
        shapes = lab_hosts(catalog, options)
        with fresh_database(server) as url:
            growth = asyncio.run(
                measure_growth(url, catalog, options, shapes, args.security_scans, args.hosts, say)
            )
    for line in growth.lines():
        say(line)
    for line in estimate(Measured(lab=lab, deep_enqueue=deep.enqueue, deep_drain=deep.drain, growth=growth)):
        say(line)
    say(f"total run time {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
