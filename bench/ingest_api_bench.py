"""Benchmark of storage ingest and the read API over a million security scans (issue: foundation).

For each backend (a SQLite file in a temporary folder; a PostgreSQL database created for the run
and dropped after it) it migrates a fresh database, writes exploits, nodes and a few scans, then
`--rows` security scans in transactions of `--batch` rows, all through the repository layer
(`security_scans.add_security_scans`), and reports the security-scan ingest rate. It then starts
`aucote serve` on a free loopback port and measures over HTTP with a keep-alive httpx client the
p50/p99 latency of `GET /api/v1/sec_scans?limit=10` at page 0, the middle page and the last page,
and of `GET /api/v1/sec_scan/<random id>`; then the list's requests per second with 16 concurrent
clients (random pages) for a fixed time. It ends with the goals of the issue, PASS or FAIL.

PostgreSQL: `--pg-url` (a server URL; a database is created on it), else AUCOTE_TEST_POSTGRES_URL,
else postgresql://postgres@127.0.0.1:5432 when it answers, else a throwaway cluster. After the
ingest the PostgreSQL table is ANALYZEd (what autovacuum does on a live server; timed apart).

    .venv/bin/python -m bench.ingest_api_bench                 # 1,000,000 rows, both backends
    .venv/bin/python -m bench.ingest_api_bench --quick         # a smoke run
"""

import argparse
import asyncio
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from ipaddress import IPv4Address
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from tests.support.ports import free_port
from tests.support.postgres import fresh_database, throwaway_cluster

from aucote.model.exploit import Exploit
from aucote.model.status import CheckStatus, RiskLevel, ScanStatus
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.repository import exploits, nodes, scans, security_scans
from aucote.storage.repository.records import NewSecurityScan

AUCOTE = Path(sys.executable).with_name("aucote")
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
LIMIT = 10
SCANNERS = (("tcp", 6), ("udp", 17), ("tools_basic", None), ("tools_advanced", None), ("tcp", 6))
PORTS = ((22, 6), (80, 6), (443, 6), (161, 17), (3306, 6), (8080, 6))
EPOCH = 1_700_000_000.0
GOAL_INGEST = 50_000.0
GOAL_DEPTH = 3.0
GOAL_DETAIL_MS = 10.0


@dataclass(frozen=True)
class Options:
    """What to generate and how much to measure."""

    rows: int
    nodes: int
    exploits: int
    batch: int
    requests: int
    warmup: int
    clients: int
    duration: float
    pg_url: str | None
    seed: int


@dataclass(frozen=True)
class Ingest:
    """The security-scan ingest: rows, seconds inside the transactions, and the setup before it."""

    rows: int
    seconds: float
    batches: tuple[tuple[int, float], ...]
    """(rows, seconds) of each transaction, in order."""
    cpu_seconds: float
    """CPU time of this process inside the transactions (for SQLite, nearly all the work)."""
    setup_seconds: float
    analyze_seconds: float | None
    first_id: int
    last_id: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    def rate_of(self, part: slice) -> float:
        """Rows per second over a slice of the transactions (e.g. the first or last tenth)."""
        chosen = self.batches[part]
        return sum(rows for rows, _ in chosen) / sum(seconds for _, seconds in chosen)


@dataclass(frozen=True)
class Latency:
    """p50/p99 of one measured request kind, in milliseconds."""

    label: str
    p50: float
    p99: float


@dataclass(frozen=True)
class Throughput:
    """The list under concurrent clients."""

    requests: int
    errors: int
    seconds: float
    p50: float
    p99: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


@dataclass(frozen=True)
class Result:
    """Everything measured on one backend."""

    backend: str
    version: str
    ingest: Ingest
    page0: Latency
    middle: Latency
    last: Latency
    detail: Latency
    throughput: Throughput
    loads: tuple[float, float, float]
    """1-minute load average before the ingest, before the HTTP measurements and at the end."""


# --- data --------------------------------------------------------------------------------------


def catalogue(count: int) -> list[Exploit]:
    levels = list(RiskLevel)
    return [
        Exploit(i, "bench", f"check-{i:04d}", title=f"Bench check {i}", risk_level=levels[i % len(levels)])
        for i in range(1, count + 1)
    ]


def addresses(count: int) -> list[str]:
    return [str(IPv4Address(0x0A000000 + i + 1)) for i in range(count)]


def planned_rows(options: Options, scan_ids: list[int], node_ids: list[int]) -> Iterator[NewSecurityScan]:
    """`rows` security scans spread over the scans in turn; within a scan each node gets checks
    k = 0, 1, … (exploit (7·node + k) mod E, one of PORTS), so the unique key is never repeated."""
    for index, scan_id in enumerate(scan_ids):
        count = options.rows * (index + 1) // len(scan_ids) - options.rows * index // len(scan_ids)
        start = EPOCH + index * 86_400
        for j in range(count):
            node, k = j % len(node_ids), j // len(node_ids)
            port, protocol = PORTS[(node + k) % len(PORTS)]
            begin = start + j * 0.01
            yield NewSecurityScan(
                scan_id=scan_id,
                exploit_id=1 + (7 * node + k) % options.exploits,
                node_id=node_ids[node],
                port=port,
                protocol=protocol,
                start=begin,
                end=begin + 1.5,
                status=CheckStatus.DONE,
            )


def batches(rows: Iterator[NewSecurityScan], size: int) -> Iterator[list[NewSecurityScan]]:
    batch: list[NewSecurityScan] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- ingest ------------------------------------------------------------------------------------


def setup(engine: Engine, options: Options) -> tuple[list[int], list[int]]:
    """Exploits, nodes and ended scans; the scan ids and node ids."""
    with engine.begin() as connection:
        exploits.sync_exploits(connection, catalogue(options.exploits))
        ids = nodes.ensure_nodes(connection, addresses(options.nodes), EPOCH)
        scan_ids = []
        for index, (scanner, protocol) in enumerate(SCANNERS):
            start = EPOCH + index * 86_400
            scan_id = scans.start_scan(connection, scanner, protocol, start)
            scans.end_scan(connection, scan_id, start + 3_600, ScanStatus.DONE)
            scan_ids.append(scan_id)
    return scan_ids, [ids[ip] for ip in addresses(options.nodes)]


def ingest(engine: Engine, options: Options, postgres: bool) -> Ingest:
    """Migrate, set up, then write the security scans in timed transactions (record building is
    outside the timer, the repository call and the commit inside)."""
    upgrade(engine)
    began = time.perf_counter()
    scan_ids, node_ids = setup(engine, options)
    setup_seconds = time.perf_counter() - began
    timings, cpu, first, last = [], 0.0, sys.maxsize, 0
    for batch in batches(planned_rows(options, scan_ids, node_ids), options.batch):
        began, cpu_began = time.perf_counter(), time.process_time()
        with engine.begin() as connection:
            ids = security_scans.add_security_scans(connection, batch)
        timings.append((len(batch), time.perf_counter() - began))
        cpu += time.process_time() - cpu_began
        first, last = min(first, ids[0]), max(last, ids[-1])
    analyze = _analyze(engine) if postgres else None
    seconds = sum(elapsed for _, elapsed in timings)
    return Ingest(options.rows, seconds, tuple(timings), cpu, setup_seconds, analyze, first, last)


def _analyze(engine: Engine) -> float:
    began = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return time.perf_counter() - began


# --- databases and the server ------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="aucote-ingest-bench-") as folder:
        yield f"sqlite:///{folder}/bench.sqlite3"


def _answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def postgres_database(given: str | None) -> Iterator[str]:
    """A fresh database on the chosen server (see the module doc), dropped afterwards."""
    with ExitStack() as stack:
        server = given or os.environ.get("AUCOTE_TEST_POSTGRES_URL")
        if server is None:
            server = LOCAL_POSTGRES if _answers(LOCAL_POSTGRES) else stack.enter_context(throwaway_cluster())
        url = stack.enter_context(fresh_database(server))
        print(f"PostgreSQL database: {make_url(url).render_as_string(hide_password=True)}", flush=True)
        yield url


@contextmanager
def aucote_serve(url: str, log: Path, timeout: float = 60.0) -> Iterator[str]:
    """`aucote serve` on a free loopback port until the block ends; yield its base URL."""
    port = free_port()
    argv = [str(AUCOTE), "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process, timeout, log)
        yield base
    finally:
        _stop(process)


def _wait_ready(base: str, process: "subprocess.Popen[bytes]", timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"aucote serve exited {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/api/v1/sec_scans?limit=1", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(f"aucote serve did not answer within {timeout} s:\n{log.read_text()}")


def _stop(process: "subprocess.Popen[bytes]") -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()


# --- HTTP measurements -------------------------------------------------------------------------


def percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


def timed_get(client: httpx.Client, url: str) -> float:
    """Seconds one GET took; it must answer 200."""
    began = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - began
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text[:200]}")
    return elapsed


def check_last_page(client: httpx.Client, last: int) -> None:
    """The last page is not empty and has no next page (so `last` really is the deepest page)."""
    body = client.get(_list_path(last)).json()
    if not body["security_scans"] or body["navigation"]["next_page"] is not None:
        raise RuntimeError(f"page {last} is not the last page: {body['navigation']}")


def sequential(base: str, ingest: Ingest, options: Options) -> list[Latency]:
    """Page 0, the middle page, the last page and a random detail, one after the other in rounds
    (so a disturbance hits every point alike): `warmup` rounds, then `requests` timed rounds."""
    last = (ingest.rows - 1) // LIMIT
    rng = random.Random(options.seed)
    points: list[tuple[str, Callable[[], str]]] = [
        ("list page 0", lambda: _list_path(0)),
        (f"list page {last // 2:,} (middle)", lambda: _list_path(last // 2)),
        (f"list page {last:,} (last)", lambda: _list_path(last)),
        ("detail (random ids)", lambda: f"/api/v1/sec_scan/{rng.randint(ingest.first_id, ingest.last_id)}"),
    ]
    times: list[list[float]] = [[] for _ in points]
    with httpx.Client(base_url=base, timeout=30) as client:
        check_last_page(client, last)
        for round_ in range(options.warmup + options.requests):
            for (_, path), kept in zip(points, times, strict=True):
                elapsed = timed_get(client, path())
                if round_ >= options.warmup:
                    kept.append(elapsed)
    return [Latency(label, *percentiles(kept)) for (label, _), kept in zip(points, times, strict=True)]


def _list_path(page: int) -> str:
    return f"/api/v1/sec_scans?limit={LIMIT}&page={page}"


async def _client(base: str, last: int, stop: float, seed: int) -> tuple[list[float], int]:
    rng, times, errors = random.Random(seed), [], 0
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            response = await client.get(_list_path(rng.randint(0, last)))
            times.append(time.perf_counter() - began)
            errors += response.status_code != 200
    return times, errors


async def _concurrent(base: str, last: int, options: Options) -> Throughput:
    began = time.perf_counter()
    stop = began + options.duration
    tasks = [_client(base, last, stop, options.seed + i) for i in range(options.clients)]
    results = await asyncio.wait_for(asyncio.gather(*tasks), timeout=options.duration + 60)
    seconds = time.perf_counter() - began
    times = [t for client_times, _ in results for t in client_times]
    return Throughput(len(times), sum(e for _, e in results), seconds, *percentiles(times))


def throughput(base: str, ingest: Ingest, options: Options) -> Throughput:
    """`clients` clients, each with its own keep-alive connection, GET random list pages for
    `duration` seconds."""
    return asyncio.run(_concurrent(base, (ingest.rows - 1) // LIMIT, options))


# --- one backend -------------------------------------------------------------------------------


def run_backend(backend: str, options: Options, workdir: Path) -> Result:
    database = sqlite_database() if backend == "sqlite" else postgres_database(options.pg_url)
    loads = [os.getloadavg()[0]]
    with database as url:
        engine = open_engine(url)
        try:
            version = _version(engine)
            print(f"{backend}: ingesting {options.rows:,} security scans …", flush=True)
            done = ingest(engine, options, postgres=backend == "postgresql")
        finally:
            engine.dispose()
        print(f"{backend}: {done.rate:,.0f} rows/s; measuring over HTTP …", flush=True)
        loads.append(os.getloadavg()[0])
        with aucote_serve(url, workdir / f"serve-{backend}.log") as base:
            page0, middle, last, detail = sequential(base, done, options)
            load = throughput(base, done, options)
    loads.append(os.getloadavg()[0])
    return Result(backend, version, done, page0, middle, last, detail, load, (loads[0], loads[1], loads[2]))


def _version(engine: Engine) -> str:
    if engine.dialect.name == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with engine.connect() as connection:
        return f"PostgreSQL {connection.execute(text('SHOW server_version')).scalar()}"


# --- report ------------------------------------------------------------------------------------


def report(result: Result, options: Options) -> None:
    i, t = result.ingest, result.throughput
    print()
    print(f"#### {result.version}: {options.rows:,} security scans over {options.nodes:,} nodes")
    print()
    tenth = max(1, len(i.batches) // 10)
    print(
        f"Ingest: {i.rows:,} rows in {len(i.batches)} transactions of up to {options.batch:,} "
        f"in {i.seconds:.1f} s = **{i.rate:,.0f} rows/s** (first tenth of the transactions "
        f"{i.rate_of(slice(None, tenth)):,.0f} rows/s, last tenth {i.rate_of(slice(-tenth, None)):,.0f}); "
        f"setup: {options.exploits} exploits, {options.nodes:,} nodes, {len(SCANNERS)} scans "
        f"in {i.setup_seconds:.2f} s"
        + (f"; ANALYZE {i.analyze_seconds:.1f} s" if i.analyze_seconds is not None else "")
    )
    print()
    print(
        f"CPU time of the bench process in the ingest transactions: {i.cpu_seconds:.1f} s "
        f"({i.rows / i.cpu_seconds:,.0f} rows per CPU-second). Load average (1 min) before the ingest, "
        f"before the HTTP measurements, at the end: {' / '.join(f'{x:.2f}' for x in result.loads)} "
        f"on {os.cpu_count()} CPUs."
    )
    print()
    print(f"| request (limit={LIMIT}) | p50 ms | p99 ms | p50 / page 0 | p99 / page 0 |")
    print("|---|---|---|---|---|")
    for row in (result.page0, result.middle, result.last, result.detail):
        ratio = f"{row.p50 / result.page0.p50:.2f} | {row.p99 / result.page0.p99:.2f}"
        print(f"| {row.label} | {row.p50:.2f} | {row.p99:.2f} | {ratio} |")
    print(
        f"| list, {options.clients} concurrent clients, random pages | {t.p50:.2f} | {t.p99:.2f} | "
        f"**{t.rps:,.0f} req/s** | {t.requests:,} requests in {t.seconds:.1f} s, {t.errors} errors |"
    )


def goals(results: list[Result]) -> list[tuple[str, str, str, bool]]:
    """(goal, backend, measured, met) for every goal of the issue that applies."""
    found = []
    for r in results:
        name = r.version.split()[0]
        rate = r.ingest.rate
        if name == "SQLite":
            found.append(("ingest >= 50,000 rows/s", name, f"{rate:,.0f} rows/s", rate >= GOAL_INGEST))
        for kind, deep, first in (("p50", r.last.p50, r.page0.p50), ("p99", r.last.p99, r.page0.p99)):
            ratio = deep / first
            found.append((f"last page <= 3x page 0 ({kind})", name, f"{ratio:.2f}x", ratio <= GOAL_DEPTH))
        found.append(("detail p99 < 10 ms", name, f"{r.detail.p99:.2f} ms", r.detail.p99 < GOAL_DETAIL_MS))
        errors = r.throughput.errors
        found.append(("list under load: no errors", name, f"{errors} errors", not errors))
    return found


def summary(results: list[Result]) -> bool:
    rows = goals(results)
    print()
    print("#### Goals")
    print()
    print("| goal | backend | measured | result |")
    print("|---|---|---|---|")
    for goal, backend, measured, met in rows:
        print(f"| {goal} | {backend} | {measured} | {'PASS' if met else 'FAIL'} |")
    return all(met for *_, met in rows)


# --- command line ------------------------------------------------------------------------------


def parse(argv: list[str] | None = None) -> tuple[Options, list[str]]:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="security scans to write")
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--requests", type=int, default=500, help="timed requests per measured point")
    parser.add_argument("--batch", type=int, default=20_000, help="security scans per transaction")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of the concurrent run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--pg-url", help="PostgreSQL server URL to create the bench database on")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, 500 nodes, 100 requests, 2 s")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.nodes, args.requests, args.duration = 20_000, 500, 100, 2.0
    per_node = -(-args.rows // (len(SCANNERS) * args.nodes))
    exploits_needed = max(300, per_node)
    options = Options(
        rows=args.rows,
        nodes=args.nodes,
        exploits=exploits_needed,
        batch=args.batch,
        requests=args.requests,
        warmup=max(50, args.requests // 5),
        clients=args.clients,
        duration=args.duration,
        pg_url=args.pg_url,
        seed=args.seed,
    )
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    return options, backends


def main() -> None:
    options, backends = parse()
    with tempfile.TemporaryDirectory(prefix="aucote-ingest-bench-logs-") as folder:
        results = [run_backend(backend, options, Path(folder)) for backend in backends]
    for result in results:
        report(result, options)
    met = summary(results)
    print()
    print("all goals met" if met else "some goals NOT met")


if __name__ == "__main__":
    main()
