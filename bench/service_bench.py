"""Benchmarks of the running service (issue: service figures).

    .venv/bin/python -m bench.service_bench dispatch [--parallel 8] [--tasks 10000]
    .venv/bin/python -m bench.service_bench api-under-load [--requests 300] [--bound 180]
    .venv/bin/python -m bench.service_bench soak --minutes 60 [--every 30]

dispatch: 10,000 tasks handed to one Executor at once, each running `/bin/true` through run_tool
(then an in-process no-op); p50/p99 from a slot becoming free to the next tool starting, and tasks/s.

api-under-load: an 8-host namespace lab (198.18.0.2-9, 3-6 services each; the gateway .1 is
excluded) and `aucote service` with a PERIODIC never-firing tcp scanner over the lab (-p- except
2024, run_after tools_basic, parallel_tasks 8). p50/p99 of GET /api/v1/sec_scans?limit=10 and
GET /api/v1/scans on the idle service (N each, sequential, keep-alive), then the same requests
over and over while a manual scan (POST /scanner/tcp/start with the token) and the tools_basic run
after it go on, then idle again with the data the scan left. Goal: p99 busy / p99 idle <= 2.

soak: the same lab and a LIVE tcp scanner (min_time_gap 2m, run_after tools_basic); VmRSS of the
service process every `--every` seconds for `--minutes`, and the slope of a linear fit over the
second half (MB/hour). Goal: flat.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from bench.service_dispatch import dispatch, percentile, print_dispatch
from bench.service_lab import Running, children_rss_kib, lab_service, rss_kib, service_lab, stored_counts
from tests.support.ports import free_port, serving

PATHS = ("/sec_scans?limit=10", "/scans")
CONTROL = "/control"
GOAL_RATIO = 2.0


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


def measure_idle(clients: Clients, phase: str, requests: int) -> Samples:
    """`requests` sequential GETs of each path (after a few unmeasured warm-up requests)."""
    samples = Samples(phase)
    for path in (*PATHS, CONTROL):
        for _ in range(10):
            clients.get(path)
        for _ in range(requests):
            samples.add(path, clients.get(path)[0])
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


def measure_busy(running: Running, clients: Clients, bound: float, burst: int = 20) -> list[Samples]:
    """Start the tcp scan and alternate bursts of each GET until tcp and tools_basic are done;
    the samples as a whole and split by the run in progress when the burst began."""
    since = time.time()
    answer = running.service.post("/scanner/tcp/start")
    if answer.status_code != 202:
        sys.exit(f"could not start the scan: {answer.status_code} {answer.text}")
    whole, deadline = Samples("busy"), time.monotonic() + bound
    states: dict[str, str] = {}
    stages = {name: Samples(name) for name in ("busy-tcp", "busy-tools")}
    while time.monotonic() < deadline:
        stage = stages[_stage(states)]
        for path in (*PATHS, CONTROL):
            for _ in range(burst):
                ms, body = clients.get(path)
                whole.add(path, ms)
                stage.add(path, ms)
                if path == "/scans":
                    states = _scan_states(body, since)
        if states.get("tcp") == "done" and states.get("tools_basic") == "done":
            break
    print(f"busy phase: {time.time() - since:.1f} s, scans {states or 'none seen'}", flush=True)
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
            lab_service(Path(folder), lab, live_gap=None, parallel=args.parallel) as running,
            clients_for(running) as clients,
        ):
            idle = measure_idle(clients, "idle", args.requests)
            busy = measure_busy(running, clients, args.bound)
            after = measure_idle(clients, "idle-after", args.requests)
            print(f"stored: {stored_counts(running.database)}")
    print_latencies([idle, *busy, after])
    print_ratios(idle, busy[0], after)


@contextmanager
def clients_for(running: Running) -> Iterator[Clients]:
    """Clients of the service's API and of a control server started for the run."""
    port = free_port()
    argv = [sys.executable, "-m", "bench.service_control", str(port)]
    with (
        serving(argv, port),
        httpx.Client(base_url=f"http://127.0.0.1:{running.port}/api/v1", timeout=30) as api,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as control,
    ):
        yield Clients(api, control)


@dataclass(frozen=True)
class RssSample:
    """One sample of the soak."""

    minute: float
    rss_kib: int
    children: int
    children_kib: int


def sample_rss(running: Running, minutes: float, every: float) -> Iterator[RssSample]:
    """VmRSS of the service every `every` seconds for `minutes` (printed as it goes)."""
    began = time.monotonic()
    pid = running.service.proc.pid
    while (elapsed := time.monotonic() - began) <= minutes * 60:
        if running.service.proc.poll() is not None:
            sys.exit(f"the service exited: {running.service.output()}")
        children, children_kib = children_rss_kib(pid)
        sample = RssSample(elapsed / 60, rss_kib(pid), children, children_kib)
        print(
            f"{sample.minute:>7.1f} {sample.rss_kib / 1024:>9.1f} {children:>9} {children_kib / 1024:>12.1f}",
            flush=True,
        )
        yield sample
        time.sleep(max(0.0, began + (int(elapsed / every) + 1) * every - time.monotonic()))


def slope_mb_per_hour(samples: list[RssSample]) -> float:
    """Linear fit of RSS (MB) over time (hours)."""
    fit = statistics.linear_regression(
        [sample.minute / 60 for sample in samples], [sample.rss_kib / 1024 for sample in samples]
    )
    return fit.slope


def print_soak(samples: list[RssSample], counts: dict[str, int], database: Path) -> None:
    """The summary of the soak: range, slopes, what the service did meanwhile."""
    second = samples[len(samples) // 2 :]
    rss = [sample.rss_kib / 1024 for sample in samples]
    print(f"\nsamples: {len(samples)} over {samples[-1].minute:.1f} min")
    print(f"RSS MB: first {rss[0]:.1f}, min {min(rss):.1f}, max {max(rss):.1f}, last {rss[-1]:.1f}")
    print(f"slope, whole run:   {slope_mb_per_hour(samples):+.2f} MB/hour")
    print(f"slope, second half: {slope_mb_per_hour(second):+.2f} MB/hour  (goal: flat)")
    print(f"stored rows: {counts}; database {database.stat().st_size / 1e6:.1f} MB")


def soak(args: argparse.Namespace) -> None:
    """A LIVE service over the lab for `--minutes`, its RSS sampled."""
    with tempfile.TemporaryDirectory(prefix="aucote-bench-") as folder, service_lab() as (lab, total):
        print(f"lab: {len(lab.hosts)} hosts, {total} services; LIVE tcp, min_time_gap {args.gap}", flush=True)
        with lab_service(Path(folder), lab, live_gap=args.gap, parallel=args.parallel) as running:
            print(f"\n{'minute':>7} {'RSS MB':>9} {'children':>9} {'children MB':>12}", flush=True)
            samples = list(sample_rss(running, args.minutes, args.every))
            counts = stored_counts(running.database)
            print_soak(samples, counts, running.database)


def run_dispatch(args: argparse.Namespace) -> None:
    """The executor's dispatch latency with a real tool and with a no-op."""
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
    two.add_argument("--requests", type=int, default=300)
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
