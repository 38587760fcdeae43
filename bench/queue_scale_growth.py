"""Database growth per security scan and per job, for bench/queue_scale_bench.py.

Scan runs of `hosts` lab hosts each (bench/queue_scale_shape.py; the same hosts run after run, as a
daily scan re-scans its network) until the security scans written reach the target. Everything
goes through the path a queued scan takes, in one process and one job at a time: the service's
side by the Recorder (scans, nodes, the planned security scans QUEUED with their reasons), the
coordinator's calls (`queue_jobs.add_jobs`, `ProcrastinateQueue.defer`, `queue_jobs.set_job_ids`:
Aucote's job record and procrastinate's job rows), and
the worker's side by procrastinate's own job manager (`fetch_job`, `finish_job`, as its worker
calls them) and Aucote's fenced writes (`take_lease`, `writes.host_results`, `checks_running`,
`check_results`, which store the outcomes and findings and expire what a re-test supersedes). One
security scan in `FINDING_EVERY` stores a finding (the foundation bench's 10 %, docs/benchmarks.md).

Sizes are pg_total_relation_size (table, indexes, TOAST) of each table, before and after: as
written (dead row versions of the updates included, as autovacuum would find them), and after
`VACUUM FULL` (the live rows only); procrastinate's tables also after its cleanup
(`JobManager.delete_old_jobs`, the succeeded jobs and their events)."""

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from ipaddress import ip_address

import procrastinate
import psycopg
from bench.queue_scale_shape import HostShape, check_job, defer_jobs, host_job, plan_batches, record_jobs
from procrastinate.jobs import Status
from sqlalchemy import Connection, Engine

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check, ExploitOutcome
from aucote.checks.registry import build_checks
from aucote.config.workers import WorkersSettings
from aucote.engine.options import ScanOptions
from aucote.engine.planning import PortPlan
from aucote.engine.recorder import Recorder
from aucote.model.exploit import Exploit
from aucote.model.finding import Finding
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus, ScanStatus
from aucote.model.target import Node, Port
from aucote.model.zones import queue_of
from aucote.queue import writes
from aucote.queue.app import conninfo, ensure_schema, make_app
from aucote.queue.coordinator import Queued
from aucote.queue.jobs import CheckJob, HostJob
from aucote.queue.queue import ProcrastinateQueue
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.cves import StoredCveLookup
from aucote.storage.repository import exploits, queue_jobs
from aucote.storage.repository.queue_jobs import Lease
from aucote.storage.tables import metadata

ZONE = "default"
WORKER = "bench-growth"
FINDING_EVERY = 10
OUTPUT = (
    "VULNERABLE:\n  Apache byterange filter DoS\n    State: VULNERABLE\n    IDs:  CVE:CVE-2011-3192"
    "  BID:49303\n      The Apache web server is vulnerable to a denial of service attack when numerous\n"
    "      overlapping byte ranges are requested.\n    Disclosure date: 2011-08-19\n    References:\n"
    "      https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2011-3192\n"
)
"""A finding's output, as nmap's http-vuln-cve2011-3192 prints it on the lab's Apache look-alike."""
SIZES = """
SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Growth:
    """What was written and how many bytes it took, by table."""

    runs: int
    hosts: int
    security_scans: int
    findings: int
    jobs: int
    written: dict[str, int]
    compact: dict[str, int]
    cleaned: dict[str, int]

    def aucote(self, sizes: Mapping[str, int]) -> int:
        return sum(size for name, size in sizes.items() if name in metadata.tables)

    def procrastinate(self, sizes: Mapping[str, int]) -> int:
        return sum(size for name, size in sizes.items() if name.startswith("procrastinate_"))

    def lines(self) -> list[str]:
        """Bytes per security scan by table (the tables that grew), as Markdown."""
        per = self.security_scans
        rows = [
            "",
            "| table | B per security scan, as written | compact (VACUUM FULL) | "
            "after procrastinate's cleanup |",
            "|---|---|---|---|",
        ]
        grown = sorted(
            (name for name, size in self.written.items() if size > 0), key=lambda n: -self.written[n]
        )
        for name in grown:
            rows.append(
                f"| {name} | {self.written[name] / per:.1f} | {self.compact[name] / per:.1f} "
                f"| {self.cleaned[name] / per:.1f} |"
            )
        aucote = [self.aucote(sizes) / per for sizes in (self.written, self.compact, self.cleaned)]
        queue = [
            self.procrastinate(sizes) / self.jobs for sizes in (self.written, self.compact, self.cleaned)
        ]
        rows.append(
            "| **Aucote's tables, per security scan** | " + " | ".join(f"**{v:.0f}**" for v in aucote) + " |"
        )
        rows.append(
            "| **procrastinate's tables, per job** | " + " | ".join(f"**{v:.0f}**" for v in queue) + " |"
        )
        return rows


@dataclass(frozen=True, slots=True, kw_only=True)
class Means:
    """What a scan run writes with."""

    engine: Engine
    app: procrastinate.App
    recorder: Recorder
    options: ScanOptions
    apps: Mapping[str, Check]
    per_job: int
    worker_id: int
    catalog: Catalog


@dataclass(slots=True)
class Counts:
    """What was written so far."""

    outcomes: int = 0
    security_scans: int = 0
    findings: int = 0
    jobs: int = 0


def sizes(url: str) -> dict[str, int]:
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        return {str(name): int(size) for name, size in connection.execute(SIZES).fetchall()}


def vacuum_full(url: str) -> None:
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        connection.execute("VACUUM FULL")


def delta(after: Mapping[str, int], before: Mapping[str, int]) -> dict[str, int]:
    return {name: size - before.get(name, 0) for name, size in after.items()}


async def measure_growth(
    url: str,
    catalog: Catalog,
    options: ScanOptions,
    shapes: Sequence[HostShape],
    target: int,
    hosts: int,
    say: Callable[[str], None],
) -> Growth:
    """Write scan runs until `target` security scans; the bytes they took."""
    engine = open_engine(url)
    upgrade(engine)
    settings = WorkersSettings()
    app = make_app(url, settings)
    async with app.open_async():
        await ensure_schema(app)
        with engine.begin() as connection:
            exploits.sync_exploits(connection, catalog.exploits)
        means = Means(
            engine=engine,
            app=app,
            recorder=Recorder(engine, time.time),
            options=options,
            apps=build_checks(catalog, StoredCveLookup(engine)),
            per_job=settings.checks_per_job,
            worker_id=await app.job_manager.register_worker(),
            catalog=catalog,
        )
        before, counts, runs, started = sizes(url), Counts(), 0, time.perf_counter()
        while counts.security_scans < target:
            await scan_run(means, shapes, hosts, counts)
            runs += 1
            say(
                f"  growth: run {runs}, {counts.security_scans:,} security scans, {counts.jobs:,} jobs, "
                f"{counts.findings:,} findings in {time.perf_counter() - started:.0f} s"
            )
        written = delta(sizes(url), before)
        vacuum_full(url)
        compact = delta(sizes(url), before)
        await app.job_manager.delete_old_jobs(nb_hours=0)
        vacuum_full(url)
        cleaned = delta(sizes(url), before)
    engine.dispose()
    return Growth(
        runs=runs,
        hosts=hosts,
        security_scans=counts.security_scans,
        findings=counts.findings,
        jobs=counts.jobs,
        written=written,
        compact=compact,
        cleaned=cleaned,
    )


async def scan_run(means: Means, shapes: Sequence[HostShape], hosts: int, counts: Counts) -> None:
    """One run of a port scanner and the tools over `hosts` lab hosts, host after host."""
    recorder = means.recorder
    port_scan = await recorder.start_scan(means.options.port_scans[0].scanner, int(Protocol.TCP))
    tools_scan = await recorder.start_scan(means.options.tools_scanner, None)
    scan_ids = [port_scan, tools_scan]
    for index in range(hosts):
        shape = shapes[index % len(shapes)]
        ip = f"10.1.{index >> 8 & 255}.{index & 255}"
        node_id = await recorder.node(ip, scan_ids)
        node = Node(node_id, ip_address(ip))
        ports = [Port(node, port.number, port.protocol, port.service) for port, _plan in shape.plans]
        found = list({(port.number, port.protocol): port for port in ports}.values())
        host = host_job(means.options, port_scan, node_id, ip, ZONE)
        await _queue(means, [host], counts)
        parsed = HostJob.from_json(host.json)
        await _work(
            means, host.key, functools.partial(writes.host_results, job=parsed, ports=found, now=time.time())
        )
        for port, (_shape_port, plan) in zip(ports, shape.plans, strict=True):
            await _check(means, tools_scan, port, plan, counts)
        await recorder.end_node(scan_ids, node_id)
    for scan_id in scan_ids:
        await recorder.end_scan(scan_id, ScanStatus.DONE)
    await recorder.totals()


async def _check(means: Means, scan_id: int, port: Port, plan: PortPlan, counts: Counts) -> None:
    """Plan the port's security scans as the coordinator does, queue its checks jobs, work them."""
    without = {
        item.exploit.id: (CheckReason.NO_CHECK, f"no check implements app {app!r}")
        for app, group in plan.run.items()
        if app not in means.apps
        for item in group
    }
    ids = await means.recorder.plan(scan_id, port, plan.exploits, {**without, **plan.skipped})
    counts.security_scans += len(ids)
    jobs = [
        check_job(means.options, scan_id, port, app, group, ids, ZONE)
        for app, group in plan_batches(plan, means.apps, means.per_job)
    ]
    await _queue(means, jobs, counts)
    for job in jobs:
        parsed = CheckJob.from_json(job.json)
        results = [_outcome(means, exploit_id, counts) for exploit_id in parsed.rows]
        await _work(
            means,
            job.key,
            functools.partial(writes.checks_running, job=parsed, now=time.time()),
            functools.partial(writes.check_results, job=parsed, results=results, now=time.time()),
        )


def _outcome(means: Means, exploit_id: int, counts: Counts) -> tuple[Exploit, ExploitOutcome]:
    """DONE, with a finding for one outcome in FINDING_EVERY."""
    exploit = means.catalog[exploit_id].exploit
    counts.outcomes += 1
    found = (Finding(output=OUTPUT),) if counts.outcomes % FINDING_EVERY == 0 else ()
    counts.findings += len(found)
    now = time.time()
    return exploit, ExploitOutcome(
        exploit_id=exploit_id, status=CheckStatus.DONE, start=now - 1.0, end=now, findings=found
    )


async def _queue(means: Means, jobs: Sequence[Queued], counts: Counts) -> None:
    await record_jobs(means.engine, jobs, time.time())
    await defer_jobs(means.engine, ProcrastinateQueue(means.app), jobs)
    counts.jobs += len(jobs)


async def _work(means: Means, key: str, *steps: Callable[[Connection, Lease], None]) -> None:
    """As a worker: fetch the next job of the zone (the one queued last, `key`), take its lease,
    write fenced (each step a transaction, as the worker's), finish it."""
    manager = means.app.job_manager
    job = await manager.fetch_job([queue_of(ZONE)], means.worker_id)
    if job is None:
        raise RuntimeError("the job just queued is not in the queue")
    fetched = job.task_kwargs["job"]
    if not isinstance(fetched, dict) or fetched["key"] != key:
        raise RuntimeError(f"fetched {fetched!r}, not job {key}")
    with means.engine.begin() as connection:
        lease = queue_jobs.take_lease(connection, key, WORKER, time.time())
    if lease is None:
        raise RuntimeError(f"job {key} gave no lease")
    for step in steps:
        with means.engine.begin() as connection:
            step(connection, lease)
    await manager.finish_job(job, status=Status.SUCCEEDED, delete_job=False)
