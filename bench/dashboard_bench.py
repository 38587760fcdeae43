"""The dashboard's figures (issue 13): with 1,000,000 security scans over 10,000 nodes and 100,000
findings (bench/dashboard_seed.py, a SQLite file cached between runs), measured against a real
`aucote serve` (a process of its own on a free loopback port):

* server time of the overview, a host page and the findings list at its first and last page in
  each sort order: p50 and p99 of the HTTP round trip on loopback (one keep-alive httpx client,
  the pages requested in turn for `--rounds` rounds after `--warmup`), goal p99 < 100 ms;
* the overview's DOMContentLoaded in Debian's Chromium (Playwright, `executable_path`), p50 and
  p99 of `--loads` loads in one browser context (style sheet and script cached after the first),
  goal < 300 ms;
* bytes transferred per page: every request of a first load in a fresh context (the page, its
  style sheet, script and icon; headers and bodies), goal < 150 KB;
* export throughput of CSV and SARIF (bench/export_bench.py's worker: a fresh process exporting
  the default view into /dev/null) for the newest tools run and for every run, with the export
  process's peak RSS (flat as rows grow), goal >= 100,000 rows/s.

    PYTHONPATH=$PWD/src:$PWD .venv/bin/python -m bench.dashboard_bench           # the issue's size
    PYTHONPATH=$PWD/src:$PWD .venv/bin/python -m bench.dashboard_bench --small   # a quick check
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from bench import export_bench
from bench.dashboard_seed import SMALL, Seeded, Shape, seeded
from playwright.sync_api import Browser, Request, sync_playwright
from sqlalchemy import select
from tests.support.ports import free_port, serving

from aucote.model.export import ExportFormat
from aucote.storage.database import open_engine
from aucote.storage.queries.findings import FindingFilter, FindingSort, list_findings, sort_key
from aucote.storage.queries.keyset import Cursor
from aucote.storage.tables import scans

GOAL_MS = 100.0
GOAL_DCL_MS = 300.0
GOAL_BYTES = 150_000
GOAL_ROWS = 100_000.0
CACHE = Path(tempfile.gettempdir()) / "aucote-dashboard-bench"
HOST = "10.0.0.1"
PAGE = 50
PAST_THE_END = {
    FindingSort.NEWEST: (0,),
    FindingSort.OLDEST: (2**62,),
    FindingSort.RISK: (-1, 0),
    FindingSort.HOST: ("~", 0, 0),
    FindingSort.CVSS: (-2.0, 0),
}
"""A key beyond the last row of each order: a page `before` it is the order's last page."""


@dataclass(frozen=True)
class Page:
    """A page to measure: its label, path and whether the issue sets goals for it."""

    label: str
    path: str
    goal: bool = True


@dataclass(frozen=True)
class Timing:
    """What one page measured."""

    page: Page
    p50: float
    p99: float
    status: int
    html_bytes: int


BASELINE = Page("baseline: /healthz", "/healthz", goal=False)
"""A trivial request timed in the same rounds: the pages' times divided by its show what the
machine's load adds to every request (the machine the figures come from is shared)."""


def last_page_cursor(url: str, sort: FindingSort) -> str:
    """The `after` cursor of the findings list's last page in `sort` order (the key of the row
    before it, found by reading the order backwards from its end)."""
    engine = open_engine(url)
    with engine.connect() as connection:
        end = Cursor(PAST_THE_END[sort], backwards=True)
        rows = list_findings(connection, FindingFilter(), sort, end, PAGE + 1).rows
    engine.dispose()
    return Cursor(sort_key(sort, rows[0])).text


def pages(url: str) -> list[Page]:
    """The overview, a host page, the findings list at its first and last page in each order, and
    (without goals) the hosts list and the scanners page."""
    found = [Page("overview", "/"), Page(f"host page ({HOST})", f"/hosts/{HOST}")]
    for sort in FindingSort:
        query = "" if sort is FindingSort.NEWEST else f"sort={sort.value}&"
        cursor = httpx.QueryParams({"after": last_page_cursor(url, sort)})
        found.append(Page(f"findings, {sort.value}, first page", f"/findings?{query}".rstrip("?&")))
        found.append(Page(f"findings, {sort.value}, last page", f"/findings?{query}{cursor}"))
    found += [Page("hosts list, first page", "/hosts", goal=False), Page("scanners", "/scanners", goal=False)]
    return [*found, BASELINE]


@contextmanager
def server(url: str) -> Iterator[str]:
    """`aucote serve` over the database; its base URL."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="aucote-dashboard-bench-") as folder:
        config = Path(folder) / "aucote.yaml"
        config.write_text("logging:\n  level: warning\n")
        argv = [sys.executable, "-m", "aucote", "serve", "--config", str(config), "--db", url]
        with serving([*argv, "--host", "127.0.0.1", "--port", str(port)], port, timeout=120):
            yield f"http://127.0.0.1:{port}"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def time_pages(base: str, measured: list[Page], rounds: int, warmup: int) -> list[Timing]:
    """Each page requested in turn, `warmup` rounds then `rounds` timed ones."""
    durations: dict[str, list[float]] = {page.path: [] for page in measured}
    last: dict[str, httpx.Response] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for number in range(warmup + rounds):
            for page in measured:
                began = time.perf_counter()
                response = client.get(page.path)
                elapsed = (time.perf_counter() - began) * 1000
                if number >= warmup:
                    durations[page.path].append(elapsed)
                last[page.path] = response
    return [
        Timing(
            page,
            statistics.median(durations[page.path]),
            percentile(durations[page.path], 0.99),
            last[page.path].status_code,
            len(last[page.path].content),
        )
        for page in measured
    ]


@dataclass(frozen=True)
class Loaded:
    """A page loaded in Chromium: DOMContentLoaded times (ms) and bytes of a first load."""

    page: Page
    dcl: list[float]
    transferred: int
    requests: int


def browser_figures(base: str, measured: list[Page], loads: int) -> list[Loaded]:
    """Per page: the bytes of a first load in a fresh context; for the overview also
    DOMContentLoaded over `loads` loads."""
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            for page in (one for one in measured if one is not BASELINE):
                found.append(_load(browser, base, page, loads if page.path == "/" else 1))
        finally:
            browser.close()
    return found


def _load(browser: Browser, base: str, page: Page, loads: int) -> Loaded:
    context = browser.new_context()
    tab = context.new_page()
    requests: list[Request] = []
    tab.on("requestfinished", lambda request: requests.append(request))
    times = []
    for number in range(loads):
        tab.goto(base + page.path, wait_until="load")
        if number == 0:
            transferred = sum(_size(request) for request in requests)
            count = len(requests)
        times.append(
            tab.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return n.domContentLoadedEventEnd - n.startTime; }"
            )
        )
    context.close()
    return Loaded(page, times, transferred, count)


def _size(request: Request) -> int:
    sizes = request.sizes()
    return int(sizes["responseBodySize"] + sizes["responseHeadersSize"])


def exports(url: str, formats: tuple[ExportFormat, ...]) -> list[tuple[str, export_bench.Run]]:
    """Each format exported for the newest tools run, then for every run."""
    engine = open_engine(url)
    with engine.connect() as connection:
        newest = connection.execute(
            select(scans.c.id).where(scans.c.scanner == "tools_basic").order_by(scans.c.id.desc()).limit(1)
        ).scalar_one()
    engine.dispose()
    found = []
    for label, scan_id in (("newest tools run", newest), ("every run", None)):
        for format in formats:
            found.append((label, export_bench.measure(url, 0, format, scan_id)))
    return found


# --- the report --------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def timing_table(timings: list[Timing]) -> list[str]:
    """The pages' times, and each as a multiple of the baseline's (same percentile, same run)."""
    base = next(one for one in timings if one.page is BASELINE)
    lines = [
        "| page | HTTP | HTML KB | p50 ms | p99 ms | p50 / baseline | p99 / baseline | goal p99 < 100 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for one in timings:
        goal = verdict(one.p99 < GOAL_MS) if one.page.goal else "(no goal)"
        lines.append(
            f"| {one.page.label} | {one.status} | {one.html_bytes / 1000:.1f} | {one.p50:.1f} | "
            f"{one.p99:.1f} | {one.p50 / base.p50:.1f} | {one.p99 / base.p99:.1f} | {goal} |"
        )
    return lines


def browser_table(loaded: list[Loaded]) -> list[str]:
    lines = ["| page | requests | KB transferred (first load) | goal < 150 KB |", "|---|---|---|---|"]
    for one in loaded:
        goal = verdict(one.transferred < GOAL_BYTES)
        lines.append(f"| {one.page.label} | {one.requests} | {one.transferred / 1000:.1f} | {goal} |")
    overview = next(one for one in loaded if one.page.path == "/")
    dcl = overview.dcl
    lines += [
        "",
        "| Chromium, overview | loads | p50 ms | p99 ms | max ms | goal < 300 ms (p99) |",
        "|---|---|---|---|---|---|",
        f"| DOMContentLoaded | {len(dcl)} | {statistics.median(dcl):.0f} | {percentile(dcl, 0.99):.0f} | "
        f"{max(dcl):.0f} | {verdict(percentile(dcl, 0.99) < GOAL_DCL_MS)} |",
    ]
    return lines


def export_table(runs: list[tuple[str, export_bench.Run]]) -> list[str]:
    lines = [
        "| export | format | rows | seconds | rows/s | rows per CPU-second | peak RSS MiB | peak heap MiB "
        "| goal >= 100,000 rows/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, run in runs:
        lines.append(
            f"| {label} | {run.format.value} | {run.rows:,} | {run.seconds:.2f} | **{run.rate:,.0f}** | "
            f"{run.rows / run.cpu:,.0f} | {run.max_rss_kib / 1024:.1f} | {run.heap_peak / 2**20:.1f} | "
            f"{verdict(run.rate >= GOAL_ROWS)} |"
        )
    for format in {run.format for _, run in runs}:
        mine = [run for _, run in runs if run.format is format]
        small, large = min(mine, key=lambda run: run.rows), max(mine, key=lambda run: run.rows)
        ratio = large.max_rss_kib / small.max_rss_kib
        lines.append(
            f"\n{format.value}: {large.rows / small.rows:.1f}x the rows, peak RSS {ratio:.2f}x "
            f"({verdict(ratio <= export_bench.GOAL_FLAT)} flat <= {export_bench.GOAL_FLAT}x)"
        )
    return lines


def describe(seed: Seeded) -> str:
    made = "found in the cache" if seed.cached else "made"
    counts = ", ".join(f"{name} {count:,}" for name, count in seed.counts.items())
    return f"database {made} in {seed.seconds:.1f} s ({seed.url}): {counts}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="200 nodes, 10 rounds: a quick check")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--loads", type=int, default=30, help="overview loads in Chromium")
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder of the cached database")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-export", action="store_true")
    options = parser.parse_args()
    rounds, loads = (10, 5) if options.small else (options.rounds, options.loads)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"calibration {export_bench.calibration():.1f} ms", flush=True)  # fmt: skip
    seed = seeded(options.cache, SMALL if options.small else Shape())
    print(describe(seed), flush=True)
    measured = pages(seed.url)
    with server(seed.url) as base:
        timings = time_pages(base, measured, rounds, options.warmup)
        print("\n".join(["", *timing_table(timings)]), flush=True)
        if not options.no_browser:
            print("\n".join(["", *browser_table(browser_figures(base, measured, loads))]), flush=True)
    print(f"\nload average {os.getloadavg()[0]:.2f}", flush=True)
    if not options.no_export:
        print("\n".join(["", *export_table(exports(seed.url, export_bench.GOAL_FORMATS))]))
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"calibration {export_bench.calibration():.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
