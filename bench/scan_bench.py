"""Benchmark of `aucote scan` against the same work done by plain nmap commands, in a namespace lab.

The lab: 8 hosts (198.18.0.2-9) with 3 to 6 services each (HTTP, a vulnerable-looking Apache,
FTP with and without anonymous login, SSH/SMTP/POP3/IMAP look-alikes, odd and high ports). It measures:

* `aucote scan 198.18.0.0/24` (profile basic, every port 1-65535, this machine's 198.18.0.1 and
  port 2024 excluded, scan_rate uncapped) run `--runs` times: wall time, peak RSS of the aucote
  process (VmHWM), recall of the listening ports, and per port the delay from the port scan row
  (port_scans.time) to the start of its first security scan;
* the same work as plain nmap commands run one after another: `-sn` of the /24, `-p-` of each live
  host, `-sV` of each host's open ports, and per port the NSE scripts aucote ran there (read from
  security_scans of the first run, forced with `+` where aucote forced them).

    .venv/bin/python -m bench.scan_bench [--runs 5]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Row, Select, select
from tests.support.netns_lab import Lab, LabHost, netns_lab
from tests.support.ports import wait_for_port

from aucote.catalog.catalog import Catalog
from aucote.catalog.loader import load_catalog
from aucote.model.protocol import Protocol
from aucote.storage.database import open_engine
from aucote.storage.tables import exploits, nodes, port_scans, security_scans

AUCOTE = Path(sys.executable).with_name("aucote")
NEVER_SCANNED = "2024"
SSH = "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"
BANNERS = {
    "ssh": (SSH, ""),
    "smtp": ("220 mx.lab.test ESMTP Postfix", "250 ok"),
    "pop3": ("+OK Dovecot ready.", "-ERR unknown command"),
    "imap": ("* OK [CAPABILITY IMAP4rev1] Dovecot ready.", "* BAD unknown command"),
}
# host index -> (kind, port); kinds: http, range, ftp, ftp-closed, or a banner of BANNERS. Every
# service is one nmap -sV names from its greeting or its answer to GET (see docs/benchmarks-scan.md
# for what a service it cannot name does to the run).
PLAN: dict[int, list[tuple[str, int]]] = {
    2: [("http", 80), ("ssh", 22), ("ftp", 21)],
    3: [("range", 8080), ("smtp", 25), ("http", 8000), ("ftp-closed", 2121)],
    4: [("ssh", 2222), ("pop3", 110), ("imap", 143), ("range", 80), ("smtp", 65535)],
    5: [("ftp", 21), ("http", 8888), ("ssh", 1), ("smtp", 587), ("imap", 993), ("http", 31337)],
    6: [("http", 80), ("range", 8081), ("ssh", 22)],
    7: [("ftp-closed", 21), ("http", 50000), ("pop3", 110), ("http", 9000)],
    8: [("range", 80), ("ssh", 22), ("smtp", 25), ("ftp", 2121), ("ftp", 40000)],
    9: [("http", 8008), ("pop3", 7), ("ssh", 10022)],
}
CONFIG = """\
portdetection:
  tcp:
    scan_rate: 10000000
    networks: {{include: ['{network}'], exclude: ['{gateway}']}}
    ports: {{include: ['1-65535'], exclude: ['{never}']}}
"""


@dataclass
class AucoteRun:
    """One `aucote scan`: wall time, peak RSS (kB) and what it stored."""

    wall: float
    peak_rss_kb: int
    exit_code: int
    ports: dict[str, set[int]]
    delays: list[float]


def start_services(lab: Lab) -> dict[str, set[int]]:
    """Every service of PLAN, answering; the listening ports by host address."""
    for host in lab.hosts:
        for kind, port in PLAN[host.index]:
            _start(lab, host, kind, port)
    return {host.ip: {port for _kind, port in PLAN[host.index]} for host in lab.hosts}


def _start(lab: Lab, host: LabHost, kind: str, port: int) -> None:
    if kind == "http":
        lab.http_server(host, port)
    elif kind == "range":
        lab.range_server(host, port)
    elif kind in ("ftp", "ftp-closed"):
        lab.ftp_server(host, port, anonymous=kind == "ftp")
    else:
        lab.banner_server(host, port, *BANNERS[kind])


def run_aucote(workdir: Path, lab: Lab, number: int) -> tuple[AucoteRun, Engine]:
    """`aucote scan` of the lab's /24 into a fresh database, watched for its peak memory."""
    config = workdir / "aucote.yaml"
    config.write_text(CONFIG.format(network=lab.network, gateway=lab.gateway, never=NEVER_SCANNED))
    url = f"sqlite:///{workdir / f'run{number}.sqlite3'}"
    argv = [str(AUCOTE), "scan", lab.network, "--config", str(config), "--db", url, "--json"]
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = _watch_peak_rss(proc)
    wall = time.monotonic() - started
    engine = open_engine(url)
    return AucoteRun(wall, peak, proc.returncode, stored_ports(engine), first_check_delays(engine)), engine


def _watch_peak_rss(proc: "subprocess.Popen[bytes]") -> int:
    """The process's VmHWM (peak resident set, kB) last seen before it exited."""
    peak = 0
    while proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:
            break
        line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "VmHWM: 0 kB")
        peak = max(peak, int(line.split()[1]))
        time.sleep(0.05)
    proc.wait()
    return peak


def stored_ports(engine: Engine) -> dict[str, set[int]]:
    """Open ports recorded, by address."""
    query = select(nodes.c.ip, port_scans.c.port).join(nodes, nodes.c.id == port_scans.c.node_id)
    found: dict[str, set[int]] = defaultdict(set)
    with engine.connect() as connection:
        for ip, port in connection.execute(query):
            found[ip].add(port)
    return dict(found)


def first_check_delays(engine: Engine) -> list[float]:
    """Per port: start of its first security scan minus the time its port scan row was written."""
    found = {(row.node_id, row.port): row.time for row in _rows(engine, select(port_scans))}
    first: dict[tuple[int, int], float] = {}
    for row in _rows(engine, select(security_scans).where(security_scans.c.start.is_not(None))):
        key = (row.node_id, row.port)
        first[key] = min(first.get(key, row.start), row.start)
    return [first[key] - found[key] for key in first if key in found]


def _rows(engine: Engine, query: Select[Any]) -> list[Row[Any]]:
    with engine.connect() as connection:
        return list(connection.execute(query))


@dataclass(frozen=True)
class Scripts:
    """The NSE scripts aucote ran on one port (`+name` where it forced them) and their arguments."""

    names: list[str]
    args: dict[str, str]


def nse_plan(engine: Engine, catalog: Catalog) -> dict[tuple[str, int], Scripts]:
    """What aucote's nmap check ran, per (address, port)."""
    query = (
        select(nodes.c.ip, security_scans.c.port, security_scans.c.exploit_id)
        .join(nodes, nodes.c.id == security_scans.c.node_id)
        .join(exploits, exploits.c.id == security_scans.c.exploit_id)
        .where(exploits.c.app == "nmap", security_scans.c.status != "SKIPPED")
    )
    plan: dict[tuple[str, int], Scripts] = {}
    for row in _rows(engine, query):
        entry, port = catalog[row.exploit_id], row.port
        forced = (Protocol.TCP, port) not in entry.exploit.ports and not entry.generic
        scripts = plan.setdefault((row.ip, port), Scripts([], {}))
        scripts.names.append(f"+{entry.exploit.name}" if forced else entry.exploit.name)
        scripts.args.update(entry.script_args)
    return plan


def run_nmap_baseline(lab: Lab, plan: dict[tuple[str, int], Scripts]) -> dict[str, float]:
    """The same work as plain nmap commands, one after another; seconds per step."""
    head = ["nmap", "-n", "-T4", "-oX", "-"]
    times: dict[str, float] = {}
    live = _up(_timed(times, "discovery", [*head, "-sn", "--exclude", lab.gateway, lab.network]))
    open_ports = {
        ip: _open(_timed(times, "ports", [*head, "-Pn", "-sS", "-p-", "--exclude-ports", NEVER_SCANNED, ip]))
        for ip in live
    }
    for ip, ports in open_ports.items():
        _timed(times, "services", [*head, "-Pn", "-sS", "-sV", "-p", ",".join(map(str, ports)), ip])
    for (ip, port), scripts in sorted(plan.items()):
        argv = [*head, "-Pn", "-sS", "-p", str(port), "--script", ",".join(scripts.names)]
        if scripts.args:
            argv += ["--script-args", ",".join(f'{k}="{v}"' for k, v in scripts.args.items())]
        _timed(times, "scripts", [*argv, ip])
    return times


def _timed(times: dict[str, float], step: str, argv: list[str]) -> ElementTree.Element:
    """Run one nmap command, adding its wall time to `step`; its XML report."""
    started = time.monotonic()
    out = subprocess.run(argv, capture_output=True, check=True).stdout
    times[step] = times.get(step, 0.0) + time.monotonic() - started
    return ElementTree.fromstring(out)


def _up(report: ElementTree.Element) -> list[str]:
    return [
        host.find("address[@addrtype='ipv4']").get("addr", "")  # type: ignore[union-attr]
        for host in report.iterfind("host")
        if host.find("status[@state='up']") is not None
    ]


def _open(report: ElementTree.Element) -> list[int]:
    ports = report.iterfind("host/ports/port")
    return [int(port.get("portid", 0)) for port in ports if port.find("state[@state='open']") is not None]


def recall(run: AucoteRun, listening: dict[str, set[int]]) -> tuple[int, int, int]:
    """(listening ports recorded, listening ports, recorded ports that do not listen)."""
    total = sum(len(ports) for ports in listening.values())
    hit = sum(len(ports & run.ports.get(ip, set())) for ip, ports in listening.items())
    extra = sum(len(ports - listening.get(ip, set())) for ip, ports in run.ports.items())
    return hit, total, extra


def percentile(values: list[float], fraction: float) -> float:
    """The `fraction` quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(runs: list[AucoteRun], baseline: dict[str, float], listening: dict[str, set[int]]) -> None:
    """Print the tables."""
    print(f"lab: {len(listening)} hosts, {sum(map(len, listening.values()))} listening TCP ports\n")
    print("run  wall s  peak RSS MB  exit  recall          extra  first check after port found p50/max s")
    for number, run in enumerate(runs, 1):
        hit, total, extra = recall(run, listening)
        p50, worst = statistics.median(run.delays), max(run.delays)
        print(
            f"{number:>3}  {run.wall:6.1f}  {run.peak_rss_kb / 1024:11.1f}  {run.exit_code:>4}  "
            f"{hit:>3}/{total:<3} {100 * hit / total:5.1f}%  {extra:>5}  {p50:6.2f} / {worst:6.2f}"
        )
    nmap_total = sum(baseline.values())
    aucote = statistics.median(run.wall for run in runs)
    steps = ", ".join(f"{step} {seconds:.1f}" for step, seconds in baseline.items())
    print(f"\nplain nmap, one command after another: {nmap_total:.1f} s ({steps})")
    delays = [delay for run in runs for delay in run.delays]
    print(f"aucote scan, median of {len(runs)} runs: {aucote:.1f} s")
    print(f"ratio aucote / nmap: {aucote / nmap_total:.2f} (goal <= 0.70)")
    print(f"first security scan after port found, all runs: p50 {statistics.median(delays):.2f} s, "
          f"p90 {percentile(delays, 0.9):.2f} s, max {max(delays):.2f} s")  # fmt: skip
    print(f"peak RSS of the aucote process: max {max(r.peak_rss_kb for r in runs) / 1024:.1f} MB")


def main() -> None:
    """Build the lab, run aucote `--runs` times and the nmap baseline once, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs_wanted = parser.parse_args().runs
    catalog = load_catalog()
    with tempfile.TemporaryDirectory(prefix="aucote-bench-") as tmp, netns_lab(len(PLAN)) as lab:
        listening = start_services(lab)
        for ip, ports in listening.items():
            for port in ports:
                wait_for_port(ip, port)
        runs, engines = [], []
        for number in range(1, runs_wanted + 1):
            run, engine = run_aucote(Path(tmp), lab, number)
            runs.append(run)
            engines.append(engine)
        baseline = run_nmap_baseline(lab, nse_plan(engines[0], catalog))
        for engine in engines:
            engine.dispose()
    report(runs, baseline, listening)


if __name__ == "__main__":
    if shutil.which("nmap") is None or os.geteuid() != 0:
        sys.exit("needs root and nmap")
    main()
