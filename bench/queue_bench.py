"""The job queue of workers (issue 14): pick-up latency, throughput, recovery after kill -9.

Everything runs on a throwaway PostgreSQL cluster (tests/support/postgres.py: initdb on a free port
of 127.0.0.1, fsync off), never the machine's own, migrated to Aucote's schema. The App is on
Aucote's connector settings (`aucote.queue.app.conninfo`, the same pool),
with two bench tasks in place of the host and checks tasks: `noop` returns at once, `hold` sleeps
(the host and checks tasks' names are registered too, as no-ops, for bench/queue_scale_bench.py).
Workers are processes of their own (`--worker`), started with Aucote's polling, heartbeat and
stall settings (`workers.*` defaults: heartbeat 10 s, stalled after 30 s).
Times come from procrastinate's event rows (`deferred`, `started`, `succeeded`), stamped by the
database clock.

* Pick-up latency: 10,000 jobs wait in another zone's queue; one worker; `--probes` jobs are
  queued one at a time, 0.1 s apart; enqueue (deferred) to start, p50/p99/max (goal p99 < 100 ms).
* Throughput: `--jobs` no-op jobs queued first, then 1, 2 and 4 workers (concurrency 1 each) take
  them; jobs / (last succeeded - first started).
* Recovery: worker A runs a `hold` job; worker B idles on the same queue; A is killed with SIGKILL;
  Aucote's recovery (`recover_stalled`, run every heartbeat as in the service) puts the job back
  and B starts it. Kill to second start (goal <= 45 s).

    PYTHONPATH=src:. .venv/bin/python -m bench.queue_bench
"""

import argparse
import asyncio
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import procrastinate
import psycopg
from bench.processes import stop_all
from tests.support.postgres import fresh_database, throwaway_cluster

from aucote.config.workers import WorkersSettings
from aucote.queue.app import CHECKS_TASK, HOST_TASK, conninfo, ensure_schema
from aucote.queue.recovery import recover_stalled
from aucote.queue.worker import POLL_SECONDS
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade

BACKLOG = 10_000
ROOT = Path(__file__).parents[1]


def make_app(url: str) -> procrastinate.App:
    connector = procrastinate.PsycopgConnector(conninfo=conninfo(url), min_size=1, max_size=8)
    app = procrastinate.App(connector=connector)
    app.task(name="bench.noop")(noop)
    app.task(name="bench.hold")(hold)
    app.task(name=HOST_TASK)(noop_job)  # Aucote's own tasks, doing nothing (queue_scale_bench)
    app.task(name=CHECKS_TASK)(noop_job)
    return app


async def noop() -> None:
    return None


async def noop_job(job: dict[str, object]) -> None:
    """A host or checks job of Aucote, taken and finished without running anything."""
    return None


async def hold(seconds: float) -> None:
    await asyncio.sleep(seconds)


async def work(url: str, queue: str) -> None:
    """A worker process: Aucote's worker settings, concurrency 1."""
    settings = WorkersSettings()
    app = make_app(url)
    async with app.open_async():
        await app.run_worker_async(
            queues=[queue],
            name=f"bench-{os.getpid()}",
            concurrency=1,
            update_heartbeat_interval=settings.heartbeat,
            stalled_worker_timeout=settings.stalled_after,
            fetch_job_polling_interval=POLL_SECONDS,
            abort_job_polling_interval=POLL_SECONDS,
        )


def spawn(url: str, queue: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    argv = [sys.executable, "-m", "bench.queue_bench", "--worker", url, queue]
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextmanager
def running(url: str, queue: str, count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs = [spawn(url, queue) for _ in range(count)]
    try:
        yield procs
    finally:
        stop_all(procs, grace=20)


def query(url: str, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        return list(connection.execute(sql, args).fetchall())  # type: ignore[arg-type]


def count_in(url: str, queue: str, status: str) -> int:
    rows = query(
        url, "SELECT count(*) FROM procrastinate_jobs WHERE queue_name=%s AND status=%s", (queue, status)
    )
    return int(str(rows[0][0]))


def wait_for(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise RuntimeError("the bench timed out")
        time.sleep(0.05)


def verdict(met: bool) -> str:
    return "PASS" if met else "FAIL"


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


async def pickup(url: str, probes: int) -> None:
    app = make_app(url)
    async with app.open_async():
        noop_task = app.tasks["bench.noop"]
        backlog = noop_task.configure(queue="aucote-elsewhere")
        for start in range(0, BACKLOG, 1000):
            await backlog.batch_defer_async(*({} for _ in range(start, min(start + 1000, BACKLOG))))
        with running(url, "aucote-default", 1):
            await asyncio.sleep(3)  # the worker is up and listening
            print(f"pick-up latency: {load()}; {count_in(url, 'aucote-elsewhere', 'todo')} jobs queued")
            ids = []
            for _ in range(probes):
                ids.append(await noop_task.configure(queue="aucote-default").defer_async())
                await asyncio.sleep(0.1)
            wait_for(lambda: count_in(url, "aucote-default", "succeeded") == probes, 30)
    latencies = sorted(
        float(str(row[0]))
        for row in query(
            url,
            "SELECT extract(epoch FROM s.at - d.at) * 1000 FROM procrastinate_events d "
            "JOIN procrastinate_events s ON s.job_id = d.job_id AND s.type = 'started' "
            "WHERE d.type = 'deferred' AND d.job_id = ANY(%s)",
            (ids,),
        )
    )
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"  {len(latencies)} probes: p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms, "
        f"max {latencies[-1]:.1f} ms (goal p99 < 100 ms: {verdict(p99 < 100)})"
    )


async def throughput(url: str, jobs: int, workers: int) -> None:
    queue = f"aucote-tp{workers}"
    app = make_app(url)
    async with app.open_async():
        task = app.tasks["bench.noop"].configure(queue=queue)
        for start in range(0, jobs, 1000):
            await task.batch_defer_async(*({} for _ in range(start, min(start + 1000, jobs))))
    before = load()
    with running(url, queue, workers):
        wait_for(lambda: count_in(url, queue, "succeeded") == jobs, 600)
    rows = query(
        url,
        "SELECT extract(epoch FROM max(e.at) FILTER (WHERE e.type = 'succeeded') "
        "- min(e.at) FILTER (WHERE e.type = 'started')) FROM procrastinate_events e "
        "JOIN procrastinate_jobs j ON j.id = e.job_id WHERE j.queue_name = %s",
        (queue,),
    )
    seconds = float(str(rows[0][0]))
    print(
        f"throughput, {workers} worker(s): {jobs} no-op jobs in {seconds:.2f} s "
        f"= {jobs / seconds:.0f} jobs/s; {before}"
    )


async def recovery(url: str) -> None:
    settings = WorkersSettings()
    engine = open_engine(url)
    app = make_app(url)
    async with app.open_async():
        job = await app.tasks["bench.hold"].configure(queue="aucote-recovery").defer_async(seconds=3600)
        with running(url, "aucote-recovery", 1) as (doomed,):
            wait_for(lambda: count_in(url, "aucote-recovery", "doing") == 1, 30)
            with running(url, "aucote-recovery", 1):
                await asyncio.sleep(3)  # B is up and idle
                before = load()
                doomed.kill()
                killed_at = float(str(query(url, "SELECT extract(epoch FROM clock_timestamp())")[0][0]))
                restarted = await _recover_until_started(app, engine, settings, url, job)
    engine.dispose()
    print(
        f"recovery after kill -9: job started elsewhere {restarted - killed_at:.1f} s after the kill "
        f"(heartbeat {settings.heartbeat:g} s, stalled after {settings.stalled_after:g} s; "
        f"goal <= 45 s: {verdict(restarted - killed_at <= 45)}); {before}"
    )


async def _recover_until_started(
    app: procrastinate.App, engine: object, settings: WorkersSettings, url: str, job: int
) -> float:
    sql = "SELECT extract(epoch FROM at) FROM procrastinate_events "
    sql += "WHERE job_id=%s AND type='started' ORDER BY at"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        await recover_stalled(app, engine, settings, time.time)  # type: ignore[arg-type]
        started = query(url, sql, (job,))
        if len(started) >= 2:
            return float(str(started[1][0]))
        await asyncio.sleep(settings.heartbeat)
    raise RuntimeError("the held job was not started again within 120 s")


async def bench(url: str, args: argparse.Namespace) -> None:
    engine = open_engine(url)
    upgrade(engine)  # Aucote's tables: the recovery reads its job records
    engine.dispose()
    app = make_app(url)
    async with app.open_async():
        await ensure_schema(app)
    print(f"{os.cpu_count()} CPUs; {load()}")
    await pickup(url, args.probes)
    for workers in (1, 2, 4):
        await throughput(url, args.jobs, workers)
    if args.recovery:
        await recovery(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--no-recovery", dest="recovery", action="store_false")
    parser.add_argument("--worker", nargs=2, metavar=("URL", "QUEUE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.getLogger("procrastinate").setLevel(logging.ERROR)  # its top-level App notice
    if args.worker:
        asyncio.run(work(*args.worker))
        return
    with throwaway_cluster() as server, fresh_database(server) as url:
        asyncio.run(bench(url, args))


if __name__ == "__main__":
    main()
