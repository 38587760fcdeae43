"""A lab scan whose checks wait on slow services, with 1 and with 3 workers (issue 14).

The lab: `--hosts` loopback addresses 127.0.43.1… with a slow web service each on port
`--port` (bench/slow_http.py: every request answered after `--delay` seconds), so nmap's service
detection and the checks wait on I/O, not on the 2 CPUs. A throwaway PostgreSQL cluster
(tests/support/postgres.py, never the machine's own), a fresh database per round. Each round: a
real `aucote service` (`workers.queue: procrastinate`, `workers.local_worker: false`: it runs no
tool itself) and N real `aucote worker --zone default --concurrency C` processes; the tcp scanner
is started through the API and tools_basic runs after it (`run_after`), as configured in a
installation. Wall time: the tcp scan's start to the tools_basic scan's end (the database's
record). Rounds alternate 1 and 3 workers; the results of every round must be the same (security
scans by status and reason, port scans, jobs).

    PYTHONPATH=src:. .venv/bin/python -m bench.worker_scaling_bench
"""

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import yaml
from bench.processes import stop_all
from sqlalchemy import Engine, func, select
from tests.scheduling.service_process import NEVER, TOKEN, Service, running_service
from tests.support.ports import serving
from tests.support.postgres import fresh_database, throwaway_cluster

from aucote.storage.database import open_engine
from aucote.storage.tables import port_scans, queue_jobs, scans, security_scans

ROOT = Path(__file__).parents[1]
GOAL = 2.5


@dataclass(frozen=True, slots=True, kw_only=True)
class Lab:
    """The slow services: `port` on each of `hosts`, every request answered after `delay` s."""

    hosts: tuple[str, ...]
    port: int
    delay: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Round:
    """One scan's measure: wall time, per-kind job times, and what it recorded."""

    workers: int
    slots: int
    seconds: float
    scans: dict[str, tuple[float, float]]
    jobs: dict[str, tuple[int, float]]
    spread: dict[str, tuple[float, float]]
    outcomes: dict[str, int]
    ports: int
    by_worker: dict[str, int]

    @property
    def busy(self) -> float:
        """The share of the workers' job slots busy with a job over the wall time."""
        return sum(total for _count, total in self.jobs.values()) / (self.slots * self.seconds)

    @property
    def results(self) -> tuple[object, ...]:
        """What the scan recorded: security scans by outcome, port scans, jobs by kind."""
        jobs = tuple(sorted((kind, count) for kind, (count, _total) in self.jobs.items()))
        return tuple(sorted(self.outcomes.items())), self.ports, jobs


def lab_hosts(count: int) -> tuple[str, ...]:
    return tuple(f"127.0.43.{last}" for last in range(1, count + 1))


@contextmanager
def slow_services(lab: Lab) -> Iterator[None]:
    argv = [sys.executable, "-m", "bench.slow_http", str(lab.port), str(lab.delay), *lab.hosts]
    with serving(argv, lab.port, host=lab.hosts[-1]):
        yield


def config(path: Path, api: int, lab: Lab) -> Path:
    """The service: tcp over the lab's port (on demand), then tools_basic; every tool on workers."""
    data: dict[str, Any] = {
        "service": {
            "api": {
                "v1": {"host": "127.0.0.1", "port": api},
                "password": hashlib.sha512(TOKEN.encode()).hexdigest(),
            },
        },
        "portdetection": {
            "tcp": {
                "scan_type": "PERIODIC",
                "periodic_scan": {"cron": NEVER},
                "networks": {"include": [f"{host}/32" for host in lab.hosts]},
                "ports": {"include": [str(lab.port)], "exclude": ["2024"]},
                "host_discovery": False,
                "scan_rate": 10000,
                "run_after": ["tools_basic"],
            },
            "udp": {"scan_enabled": False},
            "tools_basic": {"scan_type": "PERIODIC", "periodic_scan": {"cron": NEVER}},
            "tools_advanced": {"scan_enabled": False},
        },
        "workers": {"queue": "procrastinate", "local_worker": False},
    }
    path.write_text(yaml.safe_dump(data))
    return path


def spawn_worker(
    config_path: Path, url: str, index: int, concurrency: int, log: Path
) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "aucote", "worker", "--zone", "default", "--concurrency", str(concurrency)]
    argv += ["--name", f"bench-{index}", "--config", str(config_path), "--db", url]
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PYTHONUNBUFFERED": "1"}
    with log.open("ab") as out:
        return subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)


@contextmanager
def running_workers(
    config_path: Path, url: str, count: int, concurrency: int, workdir: Path
) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs = [
        spawn_worker(config_path, url, i, concurrency, workdir / f"worker-{i}.log") for i in range(count)
    ]
    try:
        yield procs
    finally:
        stop_all(procs, grace=40)


def alive_workers(service: Service) -> int:
    return sum(1 for worker in service.get("/workers")["workers"] if worker["state"] == "alive")


def scan_of(service: Service, scanner: str) -> dict[str, Any] | None:
    return next((scan for scan in service.scans() if scan["scanner"] == scanner), None)


def tools_ended(service: Service) -> bool:
    scan = scan_of(service, "tools_basic")
    return scan is not None and scan["end"] is not None


def measure(engine: Engine, workers: int, concurrency: int) -> Round:
    """The round's figures from the database: tcp start to tools_basic end, jobs, results."""
    with engine.connect() as connection:
        times = {row.scanner: (row.start, row.end) for row in connection.execute(select(scans))}
        jobs = connection.execute(
            select(
                queue_jobs.c.kind,
                func.count(),
                func.sum(queue_jobs.c.ended - queue_jobs.c.started),
                func.min(queue_jobs.c.ended - queue_jobs.c.started),
                func.max(queue_jobs.c.ended - queue_jobs.c.started),
            ).group_by(queue_jobs.c.kind)
        ).all()
        outcomes = connection.execute(
            select(security_scans.c.status, security_scans.c.reason, func.count()).group_by(
                security_scans.c.status, security_scans.c.reason
            )
        ).all()
        ports = connection.execute(select(func.count()).select_from(port_scans)).scalar_one()
        by_worker = connection.execute(
            select(queue_jobs.c.worker, func.count())
            .group_by(queue_jobs.c.worker)
            .order_by(queue_jobs.c.worker)
        ).all()
    return Round(
        workers=workers,
        slots=workers * concurrency,
        seconds=times["tools_basic"][1] - times["tcp"][0],
        scans=times,
        jobs={row[0]: (int(row[1]), float(row[2] or 0.0)) for row in jobs},
        spread={row[0]: (float(row[3] or 0.0), float(row[4] or 0.0)) for row in jobs},
        outcomes={f"{row[0]}/{row[1] or '-'}": int(row[2]) for row in outcomes},
        ports=int(ports),
        by_worker={str(row[0]): int(row[1]) for row in by_worker},
    )


def one_round(server: str, lab: Lab, workers: int, args: argparse.Namespace, workdir: Path) -> Round:
    """A fresh database, the service and `workers` workers; the scan, measured."""
    with fresh_database(server) as url:
        cfg = config(workdir / "aucote.yaml", args.api_port, lab)
        with (
            running_service(cfg, url, args.api_port, workdir / "service.log") as service,
            running_workers(cfg, url, workers, args.concurrency, workdir),
        ):
            service.wait("the workers to be alive", lambda: alive_workers(service) == workers, timeout=60)
            assert service.post("/scanner/tcp/start").status_code == 202
            service.wait("the tools_basic scan to end", lambda: tools_ended(service), timeout=args.timeout)
            engine = open_engine(url)
            try:
                return measure(engine, workers, args.concurrency)
            finally:
                engine.dispose()


def report(result: Round) -> str:
    jobs = ", ".join(
        f"{count} {kind} jobs ({total / count:.1f} s each, {low:.1f}-{high:.1f})"
        for kind, (count, total) in sorted(result.jobs.items())
        for low, high in [result.spread[kind]]
    )
    (tcp_start, tcp_end), (tools_start, tools_end) = result.scans["tcp"], result.scans["tools_basic"]
    return (
        f"{result.workers} worker(s): {result.seconds:.1f} s (tcp {tcp_end - tcp_start:.1f} s, then "
        f"{tools_start - tcp_end:.1f} s, tools_basic {tools_end - tools_start:.1f} s); {jobs}; "
        f"jobs by worker {result.by_worker}; slots busy {result.busy:.0%}; load {load()}"
    )


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def bench(args: argparse.Namespace) -> None:
    lab = Lab(hosts=lab_hosts(args.hosts), port=args.port, delay=args.delay)
    print(
        f"{os.cpu_count()} CPUs; lab: {len(lab.hosts)} hosts, a web service each answering after "
        f"{lab.delay:g} s; workers of concurrency {args.concurrency}; load {load()}"
    )
    rounds: list[Round] = []
    with (
        TemporaryDirectory(prefix="aucote-lb-") as tmp,
        throwaway_cluster(args.pg_port) as server,
        slow_services(lab),
    ):
        for index in range(args.rounds):
            for workers in (1, args.workers):
                workdir = Path(tmp) / f"round-{index}-{workers}"
                workdir.mkdir()
                rounds.append(one_round(server, lab, workers, args, workdir))
                print("  " + report(rounds[-1]), flush=True)
    summary(rounds, args.workers)


def summary(rounds: list[Round], many: int) -> None:
    one = [r.seconds for r in rounds if r.workers == 1]
    more = [r.seconds for r in rounds if r.workers == many]
    pairs = ", ".join(f"{a / b:.2f}x" for a, b in zip(one, more, strict=True))
    ratio = statistics.median(one) / statistics.median(more)
    same = len({r.results for r in rounds}) == 1
    print(f"results: {rounds[0].ports} port scans; security scans {dict(sorted(rounds[0].outcomes.items()))}")
    print(f"same results in every round: {'yes' if same else 'NO: ' + str([r.results for r in rounds])}")
    print(
        f"1 worker {statistics.median(one):.1f} s, {many} workers {statistics.median(more):.1f} s (medians): "
        f"{ratio:.2f}x faster (per round: {pairs}; goal >= {GOAL}x: {'PASS' if ratio >= GOAL else 'FAIL'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=12)
    parser.add_argument("--delay", type=float, default=2.0, help="seconds before each answer")
    parser.add_argument("--port", type=int, default=43080, help="the slow services' port")
    parser.add_argument("--api-port", type=int, default=43081)
    parser.add_argument("--pg-port", type=int, default=43082, help="the throwaway PostgreSQL's port")
    parser.add_argument("--workers", type=int, default=3, help="compared with 1")
    parser.add_argument("--concurrency", type=int, default=2, help="each worker's jobs at once")
    parser.add_argument("--rounds", type=int, default=2, help="of each")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per scan")
    bench(parser.parse_args())


if __name__ == "__main__":
    main()
