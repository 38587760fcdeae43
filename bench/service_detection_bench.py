"""How long a port's checks wait for service detection, on a lab where one port answers -sV slowly.

The lab (4 namespace hosts, AUCOTE_LAB_NAME picks the subnet): host .2 runs HTTP on 80, a range
HTTP server on 8080, an SSH banner on 22 and the slow listener (bench/slow_listener.py) on 7000;
the others run 2-3 ordinary services. `aucote scan <the 4 hosts>` (profile basic, every TCP port
but 2024, scan_rate uncapped) runs once with the code of each `--src` given (e.g. the code before
a change and after), then the expert's single nmap command does the nmap part of the same work:

    nmap -n -sS -sV -p- --exclude-ports 2024 --script <the NSE scripts Aucote ran> <the 4 hosts>

It prints, per aucote run: wall time, and per port the delay from its port scan row (port found)
to the end of its last security scan (its checks done), p50 and max over every port but the slow
one, and the slow port's own; then the expert command's wall time and the ratio aucote / nmap.

    AUCOTE_LAB_NAME=en .venv/bin/python -m bench.service_detection_bench --src before=DIR --src after=DIR
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.scan_bench import BANNERS, nse_plan
from sqlalchemy import Engine, select
from tests.support.netns_lab import Lab, netns_lab

from aucote.catalog.loader import load_catalog
from aucote.storage.database import open_engine
from aucote.storage.tables import nodes, port_scans, security_scans

SLOW_PORT, HOLD = 7000, "5"
PLAN: dict[int, list[tuple[str, int]]] = {
    2: [("http", 80), ("range", 8080), ("ssh", 22), ("slow", SLOW_PORT)],
    3: [("http", 80), ("ftp", 21), ("ssh", 22)],
    4: [("range", 8080), ("smtp", 25)],
    5: [("http", 8000), ("pop3", 110), ("ssh", 2222)],
}
CONFIG = """\
portdetection:
  tcp:
    scan_rate: 10000000
    host_discovery: false
    ports: {include: ['1-65535'], exclude: ['2024']}
"""


@dataclass
class Run:
    """One `aucote scan`: its wall time and per (ip, port) the delay from found to checks done."""

    label: str
    wall: float
    exit_code: int
    delays: dict[tuple[str, int], float]


def start_services(lab: Lab) -> None:
    """Every service of PLAN, answering."""
    for host in lab.hosts:
        for kind, port in PLAN[host.index]:
            if kind == "http":
                lab.http_server(host, port)
            elif kind == "range":
                lab.range_server(host, port)
            elif kind == "ftp":
                lab.ftp_server(host, port)
            elif kind == "slow":
                lab.start(host, [sys.executable, "-m", "bench.slow_listener", str(port), host.ip, HOLD], port)
            else:
                lab.banner_server(host, port, *BANNERS[kind])


def run_aucote(workdir: Path, lab: Lab, label: str, src: str) -> tuple[Run, Engine]:
    """`aucote scan` of the lab's hosts with the code in `src`, into a fresh database."""
    config = workdir / "aucote.yaml"
    config.write_text(CONFIG)
    url = f"sqlite:///{workdir / f'{label}.sqlite3'}"
    hosts = [host.ip for host in lab.hosts]
    argv = [sys.executable, "-m", "aucote", "scan", *hosts, "--config", str(config), "--db", url, "--json"]
    started = time.monotonic()
    done = subprocess.run(argv, capture_output=True, env={**os.environ, "PYTHONPATH": src})
    wall = time.monotonic() - started
    engine = open_engine(url)
    return Run(label, wall, done.returncode, checks_done_delays(engine)), engine


def checks_done_delays(engine: Engine) -> dict[tuple[str, int], float]:
    """Per (ip, port): end of its last security scan minus the time its port scan row was written."""
    found = select(nodes.c.ip, port_scans.c.port, port_scans.c.time).join(
        nodes, nodes.c.id == port_scans.c.node_id
    )
    ends = select(nodes.c.ip, security_scans.c.port, security_scans.c.end).join(
        nodes, nodes.c.id == security_scans.c.node_id
    )
    with engine.connect() as connection:
        times = {(ip, port): time for ip, port, time in connection.execute(found)}
        last: dict[tuple[str, int], float] = {}
        for ip, port, end in connection.execute(ends):
            if end is not None:
                last[ip, port] = max(last.get((ip, port), end), end)
    return {key: last[key] - times[key] for key in last if key in times}


def run_expert(lab: Lab, scripts: list[str], args: dict[str, str]) -> float:
    """The expert's one nmap command; its wall time."""
    argv = ["nmap", "-n", "-sS", "-sV", "-p-", "--exclude-ports", "2024", "--script", ",".join(scripts)]
    if args:
        argv += ["--script-args", ",".join(f'{k}="{v}"' for k, v in args.items())]
    argv += ["-oX", os.devnull, *(host.ip for host in lab.hosts)]
    print("expert:", " ".join(argv))
    started = time.monotonic()
    subprocess.run(argv, capture_output=True, check=True)
    return time.monotonic() - started


def report(runs: list[Run], expert: float, slow: tuple[str, int]) -> None:
    """Print the table."""
    print("\nrun     wall s  exit  ports  found→checks done p50 / max s (all but slow)  slow port s")
    for run in runs:
        others = [delay for key, delay in run.delays.items() if key != slow]
        slowest = run.delays.get(slow, float("nan"))
        print(
            f"{run.label:<7} {run.wall:6.1f}  {run.exit_code:>4}  {len(run.delays):>5}  "
            f"{statistics.median(others):6.2f} / {max(others):6.2f}{'':>25}{slowest:8.2f}"
        )
    print(f"\nexpert nmap command: {expert:.1f} s")
    for run in runs:
        print(f"ratio aucote ({run.label}) / nmap: {run.wall / expert:.2f} (goal <= 1.0)")


def main() -> None:
    """Build the lab, run aucote once per --src, then the expert command; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", action="append", required=True, help="LABEL=DIR of the code to run")
    sources = [item.split("=", 1) for item in parser.parse_args().src]
    with tempfile.TemporaryDirectory(prefix="aucote-bench-") as tmp, netns_lab(len(PLAN)) as lab:
        start_services(lab)
        runs, engines = [], []
        for label, src in sources:
            run, engine = run_aucote(Path(tmp), lab, label, src)
            runs.append(run)
            engines.append(engine)
        plan = nse_plan(engines[-1], load_catalog())
        scripts = sorted({name.lstrip("+") for item in plan.values() for name in item.names})
        args = {key: value for item in plan.values() for key, value in item.args.items()}
        expert = run_expert(lab, scripts, args)
        for engine in engines:
            engine.dispose()
    report(runs, expert, (lab.hosts[0].ip, SLOW_PORT))


if __name__ == "__main__":
    if shutil.which("nmap") is None or os.geteuid() != 0:
        sys.exit("needs root and nmap")
    main()
