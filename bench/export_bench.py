"""Benchmark of the exports (issue 13, item 6): rows per second for CSV and SARIF (and JSON and
DefectDojo, for reference) and the export's peak memory, at two database sizes, to show it is flat
as rows grow.

For each size (default 100,000 and 1,000,000 findings) it fills a fresh SQLite file: exploits, nodes
and scans through the repository layer, then the security scans and their findings (one each, an
output of 100 to 300 characters, risk Low/Medium/High, some with CVE and CVSS) with one `INSERT …
SELECT` over a recursive counter each — a bulk insert, seconds for a million rows. Then, per format
(default CSV and SARIF), a fresh Python process (`--worker`) exports every finding of the default
view (what `aucote export findings --format F` writes: informational output left out, none is stored
here) through `aucote.export.exports.findings` into /dev/null, encoded as the CLI writes it, and
reports:

* rows/s: findings exported / wall time of the export (from the first chunk asked for to the
  last written; process start and imports excluded), and per CPU-second of the process (less
  sensitive to other work on the machine);
* peak RSS: the process's VmHWM at the end (Python, SQLite's page cache, everything);
* peak Python heap: tracemalloc's peak, in a second run of the same export (tracemalloc slows
  Python down, so the rows/s come from the first run).

Goals: ≥ 100,000 rows/s for CSV and SARIF at every size; peak memory flat (the larger size's peak
RSS within 1.25 times the smaller's). PASS or FAIL per goal.

    PYTHONPATH=$PWD/src:$PWD .venv/bin/python -m bench.export_bench                # 100k and 1M
    PYTHONPATH=$PWD/src:$PWD .venv/bin/python -m bench.export_bench --sizes 20000  # a smoke run
    ... --formats csv,sarif,json,defectdojo --http   # every format; downloads from aucote serve too
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import IPv4Address
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, select, text

from aucote.export.exports import FINDING_WRITERS
from aucote.export.findings import export_view, finding_batches
from aucote.model.exploit import Exploit
from aucote.model.export import ExportFormat
from aucote.model.status import RiskLevel, ScanStatus
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.finding_rows import FindingRecord
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter
from aucote.storage.repository import exploits, nodes, scans
from aucote.storage.tables import exploits as exploit_table
from aucote.storage.tables import nodes as node_table
from aucote.storage.tables import scans as scan_table
from aucote.storage.tables import vulnerabilities

EPOCH = 1_700_000_000.0
NODES = 10_000
EXPLOITS = 300
SCANS = 5
GOAL_RATE = 100_000.0
GOAL_FLAT = 1.25
GOAL_FORMATS = (ExportFormat.CSV, ExportFormat.SARIF)
PORTS = range(18200, 18300)


@dataclass(frozen=True)
class Run:
    """One export of one size in one format."""

    size: int
    format: ExportFormat
    rows: int
    seconds: float
    cpu: float
    bytes: int
    max_rss_kib: int
    heap_peak: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


# --- the database ------------------------------------------------------------------------------


def catalogue() -> list[Exploit]:
    risks = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)
    return [
        Exploit(i, "bench", f"check-{i:04d}", title=f"Bench check {i}",
                description=f"What check {i} looks for.", risk_level=risks[i % 3],
                cve=(f"CVE-2024-{10000 + i}",) if i % 4 == 0 else (), cvss=(i % 100) / 10)
        for i in range(1, EXPLOITS + 1)
    ]  # fmt: skip


FILL_SECURITY_SCANS = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :rows)
INSERT INTO security_scans (id, seq, scan_id, exploit_id, node_id, port, protocol, start, "end", status)
SELECT i, i, 1 + i % :scans, 1 + (i / (:scans * :nodes)) % :exploits, 1 + (i / :scans) % :nodes,
       CASE i % 4 WHEN 0 THEN 22 WHEN 1 THEN 80 WHEN 2 THEN 443 ELSE 8443 END, 6,
       :epoch + i * 0.01, :epoch + i * 0.01 + 1.5, 'DONE'
FROM n
"""
FILL_FINDINGS = """
INSERT INTO vulnerabilities (id, seq, security_scan_id, scan_id, exploit_id, node_id, port, protocol, subid,
                             cve, cvss, risk_level, output, time, expiration_time)
SELECT s.id, s.id, s.id, s.scan_id, s.exploit_id, s.node_id, s.port, s.protocol, 0,
       e.cve, NULLIF(e.cvss, 0.0), e.risk_level,
       'VULNERABLE: ' || e.title || ' on port ' || s.port || char(10) || '  State: VULNERABLE' || char(10)
       || '  Evidence: ' || substr('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
       || '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 1, 40 + s.id % 160),
       s."end", CASE WHEN s.id % 10 = 0 THEN s."end" + 86400 END
FROM security_scans s JOIN exploits e ON e.id = s.exploit_id
"""


def fill(url: str, rows: int) -> float:
    """A migrated database holding `rows` findings; the seconds the two bulk inserts took."""
    engine = open_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        exploits.sync_exploits(connection, catalogue())
        nodes.ensure_nodes(connection, [str(IPv4Address(0x0A000000 + i)) for i in range(1, NODES + 1)], EPOCH)
        for index in range(SCANS):
            start = EPOCH + index * 86_400
            scan_id = scans.start_scan(connection, ("tcp", "tools_basic")[index % 2], 6, start)
            scans.end_scan(connection, scan_id, start + 3_600, ScanStatus.DONE)
    began = time.perf_counter()
    parameters = {"rows": rows, "scans": SCANS, "nodes": NODES, "exploits": EXPLOITS, "epoch": EPOCH}
    with engine.begin() as connection:
        connection.execute(text(FILL_SECURITY_SCANS), parameters)
        connection.execute(text(FILL_FINDINGS))
        for name in ("security_scans", "vulnerabilities"):
            connection.execute(
                text("INSERT INTO counters (name, value) VALUES (:name, :rows)"), {"name": name, "rows": rows}
            )
    seconds = time.perf_counter() - began
    _check(engine, rows)
    engine.dispose()
    return seconds


def _check(engine: Engine, rows: int) -> None:
    """Every finding joins its scan, node and exploit (the export's joins would drop one that does not)."""
    joined = (
        select(func.count())
        .select_from(vulnerabilities)
        .join(scan_table, scan_table.c.id == vulnerabilities.c.scan_id)
        .join(node_table, node_table.c.id == vulnerabilities.c.node_id)
        .join(exploit_table, exploit_table.c.id == vulnerabilities.c.exploit_id)
    )
    with engine.connect() as connection:
        found = connection.execute(joined).scalar_one()
    if found != rows:
        raise RuntimeError(f"{found} joined findings, {rows} expected")


# --- one export, in a process of its own -------------------------------------------------------


def worker(url: str, format: ExportFormat, traced: bool, scan_id: int | None = None) -> dict[str, float]:
    """Export every finding of the default view (of one scan: `scan_id`) into /dev/null as `aucote
    export findings` does (exports.findings, encoded); what was measured. The rows are counted as
    they go by (a COUNT query first would fill SQLite's page cache and spoil the peak memory)."""
    engine = open_engine(url)
    rows = 0

    def counted(batches: Iterator[list[FindingRecord]]) -> Iterator[list[FindingRecord]]:
        nonlocal rows
        for batch in batches:
            rows += len(batch)
            yield batch

    if traced:
        tracemalloc.start()
    written = 0
    began, cpu = time.perf_counter(), time.process_time()
    where = export_view(VulnerabilityFilter(TargetFilter(scan_id=scan_id)))
    chunks = FINDING_WRITERS[format](counted(finding_batches(engine, where)))
    with open(os.devnull, "wb") as sink:
        for chunk in chunks:
            data = chunk.encode()
            written += len(data)
            sink.write(data)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    return {
        "rows": rows,
        "seconds": seconds,
        "cpu": cpu,
        "bytes": written,
        "max_rss_kib": peak_rss_kib(),
        "heap_peak": peak,
    }


def peak_rss_kib() -> int:
    """This process's peak resident set (VmHWM). Not ru_maxrss: Linux carries the parent's peak
    over into a child's ru_maxrss at exec, so every worker would show the bench's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure(url: str, size: int, format: ExportFormat, scan_id: int | None = None) -> Run:
    """Two processes: one timed (rows/s, peak RSS), one traced (peak Python heap)."""
    timed, traced = _spawn(url, format, False, scan_id), _spawn(url, format, True, scan_id)
    measured = (
        int(timed["rows"]),
        timed["seconds"],
        timed["cpu"],
        int(timed["bytes"]),
        int(timed["max_rss_kib"]),
    )
    return Run(size, format, *measured, int(traced["heap_peak"]))


def _spawn(url: str, format: ExportFormat, traced: bool, scan_id: int | None) -> dict[str, float]:
    argv = [sys.executable, "-m", "bench.export_bench", "--worker", url, "--format", format.value]
    argv += [] if scan_id is None else ["--scan-id", str(scan_id)]
    done = subprocess.run(
        [*argv, *(["--traced"] if traced else [])], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr}")
    measured: dict[str, float] = json.loads(done.stdout)
    return measured


# --- over HTTP: aucote serve ----------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """One export downloaded from `aucote serve`."""

    size: int
    format: ExportFormat
    seconds: float
    bytes: int
    server_before_kib: int
    server_peak_kib: int


def free_port() -> int:
    """A free loopback port of the range this bench may use (18200-18299)."""
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 18200-18299")


def vm_hwm(pid: int) -> int:
    """A process's peak resident set, KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for {pid}")


def downloads(url: str, size: int) -> list[Download]:
    """`aucote serve` over the database (a process of its own); each format of GOAL_FORMATS
    streamed by an httpx client reading and dropping the body."""
    port = free_port()
    argv = [sys.executable, "-m", "aucote", "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base, server)
        return [_download(base, server.pid, size, format) for format in GOAL_FORMATS]
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait(base: str, server: "subprocess.Popen[bytes]") -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/api/v1/scans?limit=1", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("aucote serve did not answer")


def _download(base: str, pid: int, size: int, format: ExportFormat) -> Download:
    before = vm_hwm(pid)
    received = 0
    began = time.perf_counter()
    with httpx.stream("GET", f"{base}/api/v1/export/findings?format={format.value}", timeout=600) as response:
        response.raise_for_status()
        for data in response.iter_raw():
            received += len(data)
    return Download(size, format, time.perf_counter() - began, received, before, vm_hwm(pid))


# --- the report --------------------------------------------------------------------------------


def mib(value: float) -> str:
    return f"{value / 1024 / 1024:.1f}"


def table(runs: list[Run]) -> list[str]:
    lines = [
        "| findings | format | rows exported | seconds | rows/s | CPU s | rows per CPU-second | output MiB "
        "| peak RSS MiB | peak Python heap MiB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.size:,} | {run.format.value} | {run.rows:,} | {run.seconds:.2f} | **{run.rate:,.0f}** | "
            f"{run.cpu:.2f} | {run.rows / run.cpu:,.0f} | "
            f"{mib(run.bytes)} | {mib(run.max_rss_kib * 1024)} | {mib(run.heap_peak)} |"
        )
    return lines


def download_table(done: list[Download], runs: list[Run]) -> list[str]:
    rows = {(run.size, run.format): run.rows for run in runs}
    lines = [
        "| findings | format | seconds | rows/s | MiB received | server peak RSS before MiB | after MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for one in done:
        rate = rows[(one.size, one.format)] / one.seconds
        lines.append(
            f"| {one.size:,} | {one.format.value} | {one.seconds:.2f} | **{rate:,.0f}** | {mib(one.bytes)} | "
            f"{mib(one.server_before_kib * 1024)} | {mib(one.server_peak_kib * 1024)} |"
        )
    return lines


def goals(runs: list[Run], sizes: list[int]) -> list[str]:
    lines = ["| goal | format | measured | result |", "|---|---|---|---|"]
    for format in GOAL_FORMATS:
        mine = {run.size: run for run in runs if run.format is format}
        slowest = min(mine.values(), key=lambda run: run.rate)
        lines.append(_goal(f">= {GOAL_RATE:,.0f} rows/s (every size)", format, f"{slowest.rate:,.0f} rows/s",
                           slowest.rate >= GOAL_RATE))  # fmt: skip
        if len(sizes) > 1:
            small, large = mine[min(sizes)], mine[max(sizes)]
            ratio = large.max_rss_kib / small.max_rss_kib
            lines.append(_goal(f"peak RSS flat ({max(sizes):,} vs {min(sizes):,} findings <= {GOAL_FLAT}x)",
                               format, f"{ratio:.2f}x", ratio <= GOAL_FLAT))  # fmt: skip
    return lines


def _goal(label: str, format: ExportFormat, measured: str, ok: bool) -> str:
    return f"| {label} | {format.value} | {measured} | {'PASS' if ok else 'FAIL'} |"


def calibration() -> float:
    """Milliseconds `sum(range(1_000_000))` takes here now (best of 5): how fast this machine runs
    plain Python at the moment, to compare runs made under different loads."""
    best = min(timeit.repeat("sum(range(1_000_000))", number=1, repeat=5))
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="Numbers of findings, comma-separated.")
    parser.add_argument(
        "--formats", default="csv,sarif", help="Formats to measure (csv,sarif,json,defectdojo)."
    )
    parser.add_argument("--http", action="store_true", help="Also download CSV and SARIF from aucote serve.")
    parser.add_argument("--worker", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--format", default="csv", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scan-id", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        print(
            json.dumps(worker(options.worker, ExportFormat(options.format), options.traced, options.scan_id))
        )
        return
    sizes = [int(size) for size in options.sizes.split(",")]
    print(
        f"calibration: sum(range(1_000_000)) in {calibration():.1f} ms; load average {os.getloadavg()[0]:.2f}"
    )
    runs: list[Run] = []
    done: list[Download] = []
    with tempfile.TemporaryDirectory(prefix="aucote-export-bench-") as folder:
        for size in sizes:
            url = f"sqlite:///{Path(folder) / f'export-{size}.sqlite3'}"
            seconds = fill(url, size)
            database = Path(folder) / f"export-{size}.sqlite3"
            print(f"{size:,} findings filled in {seconds:.1f} s ({size / seconds:,.0f} rows/s, with their "
                  f"security scans); database {mib(database.stat().st_size)} MiB; "
                  f"load average {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
            runs += [measure(url, size, ExportFormat(name)) for name in options.formats.split(",")]
            if options.http:
                done += downloads(url, size)
            database.unlink()
    print("\n".join(["", *table(runs), "", *goals(runs, sizes)]))
    if done:
        print("\n".join(["", "Over HTTP (aucote serve, GET /api/v1/export/findings, httpx client):", "",
                         *download_table(done, runs)]))  # fmt: skip
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"calibration {calibration():.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
