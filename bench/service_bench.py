"""Benchmarks of the running service (issue: service figures).

    .venv/bin/python -m bench.service_bench dispatch [--parallel 8] [--tasks 10000]
    .venv/bin/python -m bench.service_bench api-under-load [--idle-seconds 45] [--bound 180]
        [--reserved-cpus 1] [--client-slice]
    .venv/bin/python -m bench.service_bench soak --minutes 60 [--every 30]

dispatch: 10,000 tasks handed to one Executor at once, each running `/bin/true` through run_tool
(then an in-process no-op); p50/p99 from a slot becoming free to the next tool starting, and tasks/s.

api-under-load: an 8-host namespace lab (198.18.0.2-9, 3-6 services each; the gateway .1 is
excluded) and `aucote service` with a PERIODIC never-firing tcp scanner over the lab (-p- except
2024, run_after tools_basic, parallel_tasks 8). p50/p99 of GET /api/v1/sec_scans?limit=10 and
GET /api/v1/scans, sequential on keep-alive connections in bursts of 20 of each (and of a control
server's one route, the same web stack without a database): after a first, unmeasured scan (so
that every phase reads pages of stored results, none an empty database), on the idle service for
`--idle-seconds`, then while a manual scan (POST /scanner/tcp/start with the token) and the
tools_basic run after it go on, then idle again with the data the scan left, for as long. Every
phase uses the same loop and lasts about as long (the busy phase takes 40 s here), so that each
phase's p99 covers thousands of requests and as much of the machine's own noise (a virtual
machine's stolen time, other tenants). Goal: p99 busy / p99 idle <= 2.

soak: the same lab and a LIVE tcp scanner (min_time_gap 2m, run_after tools_basic); VmRSS of the
service (the scanning process plus its API process) every `--every` seconds for `--minutes`, and
the slope over the second half (MB/hour) of a linear fit and the median of the slopes between every
two samples. Goal: flat.
"""

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from bench.service_cpu import Who, machine, print_cpu, snapshot
from bench.service_dispatch import dispatch, percentile, print_dispatch
from bench.service_lab import (
    Running,
    api_process_rss_kib,
    children_rss_kib,
    lab_service,
    rss_kib,
    service_lab,
    stored_counts,
)
from tests.support.ports import free_port, serving

from aucote.live.cpu_slice import request_slice
from aucote.tools.child_watcher import watch_children_with_pidfd

PATHS = ("/sec_scans?limit=10", "/scans")
CONTROL = "/control"
GOAL_RATIO = 2.0
BURST = 20


@dataclass
class Samples:
    """Latencies in ms per request path, for one phase."""

    phase: str
    by_path: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in (*PATHS, CONTROL)})

    def add(self, path: str, ms: float) -> None:
        self.by_path[path].append(ms)


@dataclass(frozen=True)
class Clients:
    """Keep-alive clients: one for the service's API, one for the control server."""

    api: httpx.Client
    control: httpx.Client

    def get(self, path: str) -> tuple[float, Any]:
        return timed_get(self.control if path == CONTROL else self.api, path)


def timed_get(client: httpx.Client, path: str) -> tuple[float, Any]:
    """One GET: its latency in ms and its JSON body (raises on an error status)."""
    began = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    response.raise_for_status()
    return elapsed, response.json()


def measure_bursts(clients: Clients, phases: list[Samples], until: Callable[[Any], bool]) -> None:
    """Bursts of `BURST` GETs of each path in turn, each latency added to every sample set in
    `phases` (a list `until` may change), until `until(body of a GET /scans)` is true."""
    done = False
    while not done:
        for path in (*PATHS, CONTROL):
            for _ in range(BURST):
                ms, body = clients.get(path)
                for samples in phases:
                    samples.add(path, ms)
                if path == "/scans" and until(body):
                    done = True


def measure_idle(clients: Clients, phase: str, seconds: float) -> Samples:
    """The loop of the busy phase on the idle service for `seconds` (after unmeasured warm-up
    requests); what the machine's cores did meanwhile."""
    for path in (*PATHS, CONTROL):
        for _ in range(BURST):
            clients.get(path)
    samples, began, before = Samples(phase), time.monotonic(), machine()
    measure_bursts(clients, [samples], lambda _body: time.monotonic() - began >= seconds)
    print_cpu(before, machine(), time.monotonic() - began, phase)
    return samples


def _scan_states(body: dict[str, Any], since: float) -> dict[str, str]:
    """scanner -> 'running' / 'done' for the scans of /scans started at or after `since`."""
    states: dict[str, str] = {}
    for scan in body["scans"]:
        if scan["start"] >= since - 1:
            states[scan["scanner"]] = "done" if scan["end"] is not None else "running"
    return states


def _stage(states: dict[str, str]) -> str:
    """Which run the latest /scans shows in progress: the tcp scan or the tools_basic run after it."""
    return "busy-tools" if states.get("tools_basic") == "running" else "busy-tcp"


def start_scan(running: Running) -> float:
    """POST /scanner/tcp/start (tools_basic runs after it); when it was started."""
    since = time.time()
    answer = running.service.post("/scanner/tcp/start")
    if answer.status_code != 202:
        sys.exit(f"could not start the scan: {answer.status_code} {answer.text}")
    return since


def both_done(states: dict[str, str]) -> bool:
    """Whether the lab's scan is over: its tcp run and the tools_basic run after it are done."""
    return states.get("tcp") == "done" and states.get("tools_basic") == "done"


def scan_before(running: Running, bound: float) -> None:
    """An unmeasured scan of the lab first, so that every phase's requests find the same kind of
    data (an empty database would answer /sec_scans with an empty page: less work than later)."""
    since, deadline = start_scan(running), time.monotonic() + bound
    states: dict[str, str] = {}
    while not both_done(states):
        if time.monotonic() >= deadline:
            sys.exit(f"the first scan did not end within {bound:g} s: {states}")
        time.sleep(0.5)
        states = _scan_states(running.service.get("/scans?limit=10"), since)
    print(f"first scan (unmeasured): {time.time() - since:.1f} s", flush=True)


def measure_busy(running: Running, clients: Clients, bound: float, who: Who) -> list[Samples]:
    """Start the tcp scan and run the loop until tcp and tools_basic are done; the samples as a
    whole and split by the run in progress when the burst began."""
    cpu_before = snapshot(who)
    since = start_scan(running)
    whole, deadline = Samples("busy"), time.monotonic() + bound
    stages = {name: Samples(name) for name in ("busy-tcp", "busy-tools")}
    current: list[Samples] = [whole, stages["busy-tcp"]]
    states: dict[str, str] = {}

    def until(body: Any) -> bool:
        states.update(_scan_states(body, since))
        current[1] = stages[_stage(states)]
        return both_done(states) or time.monotonic() >= deadline

    measure_bursts(clients, current, until)
    print(f"busy phase: {time.time() - since:.1f} s, scans {states or 'none seen'}", flush=True)
    print_cpu(cpu_before, snapshot(who), time.time() - since)
    return [whole, *(samples for samples in stages.values() if samples.by_path[CONTROL])]


def print_latencies(phases: list[Samples]) -> None:
    """p50/p99/max per phase and path."""
    print(f"\n{'phase':<12} {'request':<22} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for samples in phases:
        for path, values in samples.by_path.items():
            name = "control " + path if path == CONTROL else "GET " + path
            print(
                f"{samples.phase:<12} {name:<22} {len(values):>6} {percentile(values, 50):>8.2f}"
                f" {percentile(values, 99):>8.2f} {max(values):>8.2f}"
            )


def print_ratios(idle: Samples, busy: Samples, after: Samples) -> None:
    """p99 busy / p99 idle (before, and after with the scan's data), against the goal."""
    print(f"\n{'request':<22} {'busy/idle p99':>14} {'busy/idle-after p99':>20}  goal <= {GOAL_RATIO:g}")
    for path in (*PATHS, CONTROL):
        p99 = percentile(busy.by_path[path], 99)
        before = p99 / percentile(idle.by_path[path], 99)
        later = p99 / percentile(after.by_path[path], 99)
        verdict = "PASS" if before <= GOAL_RATIO else "FAIL"
        name = "control (no service)" if path == CONTROL else "GET " + path
        print(f"{name:<22} {before:>14.2f} {later:>20.2f}  {verdict if path != CONTROL else ''}")


def api_under_load(args: argparse.Namespace) -> None:
    """Idle, busy (a full scan of the lab), idle again; latencies and ratios."""
    with tempfile.TemporaryDirectory(prefix="aucote-bench-") as folder, service_lab() as (lab, total):
        print(f"lab: {len(lab.hosts)} hosts, {total} services; starting the service", flush=True)
        with (
            lab_service(
                Path(folder), lab, live_gap=None, parallel=args.parallel, reserved_cpus=args.reserved_cpus
            ) as running,
            clients_for(running) as (clients, control),
        ):
            who = Who(
                running.service.proc.pid, tuple(proc.pid for proc in lab.processes), control, os.getpid()
            )
            if args.client_slice:
                give_client_the_slice()
            scan_before(running, args.bound)
            idle = measure_idle(clients, "idle", args.idle_seconds)
            busy = measure_busy(running, clients, args.bound, who)
            after = measure_idle(clients, "idle-after", args.idle_seconds)
            print(f"stored: {stored_counts(running.database)}")
    print_latencies([idle, *busy, after])
    print_ratios(idle, busy[0], after)


def give_client_the_slice() -> None:
    """--client-slice: the bench's client (this thread) gets the API's short CPU slice too, so
    that its own wait for a core, which a user on another machine would not have, counts less."""
    refused = request_slice()
    print(f"bench client: {refused or 'short CPU slice'}", flush=True)


@contextmanager
def clients_for(running: Running) -> Iterator[tuple[Clients, int]]:
    """Clients of the service's API and of a control server started for the run (and its pid)."""
    port = free_port()
    argv = [sys.executable, "-m", "bench.service_control", str(port)]
    with (
        serving(argv, port) as server,
        httpx.Client(base_url=f"http://127.0.0.1:{running.port}/api/v1", timeout=30) as api,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as control,
    ):
        yield Clients(api, control), server.pid


@dataclass(frozen=True)
class RssSample:
    """One sample of the soak: the service's RSS (scanning + API process) and its tools'."""

    minute: float
    scanning_kib: int
    api_kib: int
    children: int
    children_kib: int

    @property
    def rss_kib(self) -> int:
        """The service's own memory: both of its processes."""
        return self.scanning_kib + self.api_kib


def sample_rss(running: Running, minutes: float, every: float) -> Iterator[RssSample]:
    """VmRSS of the service every `every` seconds for `minutes` (printed as it goes)."""
    began = time.monotonic()
    pid = running.service.proc.pid
    while (elapsed := time.monotonic() - began) <= minutes * 60:
        if running.service.proc.poll() is not None:
            sys.exit(f"the service exited: {running.service.output()}")
        children, children_kib = children_rss_kib(pid)
        sample = RssSample(elapsed / 60, rss_kib(pid), api_process_rss_kib(pid), children, children_kib)
        print(
            f"{sample.minute:>7.1f} {sample.rss_kib / 1024:>9.1f} {sample.scanning_kib / 1024:>11.1f}"
            f" {sample.api_kib / 1024:>8.1f} {children:>9} {children_kib / 1024:>12.1f}",
            flush=True,
        )
        yield sample
        time.sleep(max(0.0, began + (int(elapsed / every) + 1) * every - time.monotonic()))


def slope_mb_per_hour(samples: list[RssSample], kib: Callable[[RssSample], int]) -> float:
    """Linear fit of `kib(sample)` (as MB) over time (hours)."""
    fit = statistics.linear_regression(
        [sample.minute / 60 for sample in samples], [kib(sample) / 1024 for sample in samples]
    )
    return fit.slope


def median_slope_mb_per_hour(samples: list[RssSample], kib: Callable[[RssSample], int]) -> float:
    """The median of the slopes between every two samples (Theil-Sen; MB/hour): unlike the linear
    fit, one late step or swing of a few pages does not set it."""
    slopes = [
        (kib(later) - kib(earlier)) / 1024 / ((later.minute - earlier.minute) / 60)
        for earlier, later in itertools.combinations(samples, 2)
        if later.minute > earlier.minute
    ]
    return statistics.median(slopes) if slopes else 0.0


MEASURES: tuple[tuple[str, Callable[[RssSample], int]], ...] = (
    ("service (scanning + API)", lambda sample: sample.rss_kib),
    ("scanning process", lambda sample: sample.scanning_kib),
    ("API process", lambda sample: sample.api_kib),
)


def print_soak(samples: list[RssSample], counts: dict[str, int], database: Path) -> None:
    """The summary of the soak: range and slopes of each process, what the service did meanwhile."""
    second = samples[len(samples) // 2 :]
    print(f"\nsamples: {len(samples)} over {samples[-1].minute:.1f} min")
    print(
        f"{'RSS MB':<26} {'first':>7} {'min':>7} {'max':>7} {'last':>7}"
        f" {'MB/h whole':>11} {'MB/h 2nd half':>14} {'median 2nd half':>16}"
    )
    for name, kib in MEASURES:
        mb = [kib(sample) / 1024 for sample in samples]
        print(
            f"{name:<26} {mb[0]:>7.1f} {min(mb):>7.1f} {max(mb):>7.1f} {mb[-1]:>7.1f}"
            f" {slope_mb_per_hour(samples, kib):>+11.2f} {slope_mb_per_hour(second, kib):>+14.2f}"
            f" {median_slope_mb_per_hour(second, kib):>+16.2f}"
        )
    print("goal: flat (the service's second-half slopes: linear fit, and median of pairwise slopes)")
    print(f"stored rows: {counts}; database {database.stat().st_size / 1e6:.1f} MB")


def soak(args: argparse.Namespace) -> None:
    """A LIVE service over the lab for `--minutes`, its RSS sampled."""
    with tempfile.TemporaryDirectory(prefix="aucote-bench-") as folder, service_lab() as (lab, total):
        print(f"lab: {len(lab.hosts)} hosts, {total} services; LIVE tcp, min_time_gap {args.gap}", flush=True)
        with lab_service(Path(folder), lab, live_gap=args.gap, parallel=args.parallel) as running:
            print(
                f"\n{'minute':>7} {'RSS MB':>9} {'scanning MB':>11} {'API MB':>8}"
                f" {'tools':>9} {'tools MB':>12}",
                flush=True,
            )
            samples = list(sample_rss(running, args.minutes, args.every))
            counts = stored_counts(running.database)
            print_soak(samples, counts, running.database)


def run_dispatch(args: argparse.Namespace) -> None:
    """The executor's dispatch latency with a real tool and with a no-op (tools watched as the
    service watches them)."""
    watch_children_with_pidfd()
    results = [dispatch(work, args.parallel, args.tasks) for work in ("tool", "noop")]
    print_dispatch(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("dispatch")
    one.add_argument("--parallel", type=int, default=8)
    one.add_argument("--tasks", type=int, default=10_000)
    one.set_defaults(run=run_dispatch)
    two = commands.add_parser("api-under-load")
    two.add_argument("--parallel", type=int, default=8)
    two.add_argument("--idle-seconds", type=float, default=45.0, help="length of each idle phase")
    two.add_argument("--client-slice", action="store_true", help="the client gets the API's CPU slice")
    two.add_argument("--reserved-cpus", type=int, default=1, help="service.scans.reserved_cpus")
    two.add_argument("--bound", type=float, default=180.0, help="longest busy phase, seconds")
    two.set_defaults(run=api_under_load)
    three = commands.add_parser("soak")
    three.add_argument("--minutes", type=float, default=60.0)
    three.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    three.add_argument("--gap", default="2m", help="live_scan.min_time_gap")
    three.add_argument("--parallel", type=int, default=8)
    three.set_defaults(run=soak)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
