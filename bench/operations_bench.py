"""What probes and scrapes cost (issue 15): `/healthz`, `/readyz` and `/metrics` of a real
`aucote service` over a SQLite database holding `--rows` security scans (1,000,000 by default).

The database is migrated, then given one scan, one node and `--rows` DONE security scans of
exploit 72 written straight through sqlite3 (fast); `aucote service` starts on it with no scanner
due (cron never), listening on 127.0.0.1 in 46900-46999 with `service.metrics.public: true`. One
keep-alive httpx client asks each endpoint `--warmup` times, then `--rounds` timed times, the three
endpoints taking turns in blocks of 50. Printed: p50, p99 and max in ms per endpoint, and the
goal of the scrape (p99 < 50 ms). Neither readiness nor a scrape reads the history, so the
figures should not depend on `--rows` (run with `--rows 0` to compare).

    PYTHONPATH=src:. .venv/bin/python -m bench.operations_bench               # 1,000,000 rows
    PYTHONPATH=src:. .venv/bin/python -m bench.operations_bench --rows 0 --rounds 300
"""

import argparse
import socket
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import yaml
from tests.scheduling.service_process import NEVER, running_service

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade

PORTS = range(46900, 47000)
ENDPOINTS = ("/healthz", "/readyz", "/metrics")
BLOCK = 50
GOAL_MS = 50.0


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 46900-46999")


def fill(path: Path, rows: int) -> None:
    """One scan, one node, exploit 72 and `rows` DONE security scans."""
    engine = open_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as db:
        nodes = [(n, f"10.0.{n // 256}.{n % 256}") for n in range(1, rows // 65535 + 2)]
        db.executemany("INSERT INTO nodes (id, ip, first_seen) VALUES (?, ?, 0)", nodes)
        db.execute(
            "INSERT INTO scans (id, scanner, start, end, status) VALUES (1, 'tools_basic', 0, 1, 'DONE')"
        )
        db.execute(
            "INSERT INTO exploits (id, app, name, title, description, risk_level, category, cvss)"
            " VALUES (72, 'nmap', 'http-vuln-cve2011-3192', '', '', 'Medium', 'vuln', 0)"
        )
        batch = 50_000
        for first in range(0, rows, batch):
            numbers = range(first, min(first + batch, rows))
            values = [(n + 1, n + 1, n // 65535 + 1, n % 65535 + 1, float(n)) for n in numbers]
            db.executemany(
                "INSERT INTO security_scans (id, seq, scan_id, exploit_id, node_id, port, protocol, start,"
                " end, status) VALUES (?, ?, 1, 72, ?, ?, 6, ?, NULL, 'DONE')",
                values,
            )
        db.execute("INSERT INTO counters (name, value) VALUES ('security_scans', ?)", (rows,))


def config(path: Path, port: int) -> Path:
    settings = {
        "service": {"api": {"v1": {"host": "127.0.0.1", "port": port}}, "metrics": {"public": True}},
        "portdetection": {
            name: {"scan_type": "PERIODIC", "periodic_scan": {"cron": NEVER}}
            for name in ("tcp", "udp", "tools_basic", "tools_advanced")
        },
    }
    path.write_text(yaml.safe_dump(settings))
    return path


def measure(client: httpx.Client, warmup: int, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {path: [] for path in ENDPOINTS}
    for path in ENDPOINTS:
        for _ in range(warmup):
            client.get(path)
    while len(times[ENDPOINTS[-1]]) < rounds:
        for path in ENDPOINTS:
            for _ in range(min(BLOCK, rounds - len(times[path]))):
                start = time.perf_counter()
                response = client.get(path)
                times[path].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (path, response.status_code, response.text[:200])
    return times


def report(rows: int, times: dict[str, list[float]]) -> None:
    print(f"{rows:,} security scans stored; {len(times[ENDPOINTS[0]])} requests per endpoint")
    print(f"{'endpoint':<10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for path, values in times.items():
        cuts = statistics.quantiles(values, n=100)
        print(f"{path:<10} {cuts[49]:8.2f} {cuts[98]:8.2f} {max(values):8.2f}")
    p99 = statistics.quantiles(times["/metrics"], n=100)[98]
    print(f"/metrics p99 {p99:.2f} ms: goal < {GOAL_MS:g} ms {'met' if p99 < GOAL_MS else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aucote-ops-bench-") as folder:
        root = Path(folder)
        started = time.perf_counter()
        fill(root / "aucote.sqlite3", args.rows)
        print(f"filled in {time.perf_counter() - started:.1f} s")
        port = free_port()
        url = f"sqlite:///{root / 'aucote.sqlite3'}"
        with (
            running_service(config(root / "aucote.yaml", port), url, port, root / "service.log") as service,
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client,
        ):
            service.wait("readiness", lambda: client.get("/readyz").status_code == 200)
            report(args.rows, measure(client, args.warmup, args.rounds))


if __name__ == "__main__":
    main()
