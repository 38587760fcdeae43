"""Retention's prune over the dashboard bench's history (issue 15): its duration, and the API's
latency while it runs against idle.

The database is bench/dashboard_seed.py's (1,000,000 security scans, about 430,000 findings'
reports, 400,000 port sightings; cached in `--cache`, a folder of its own), copied to a working
file for each run. `aucote serve` serves it (its own process, as in `aucote service`) on a free
port of 127.0.0.1. One keep-alive httpx client asks the API pages below in turn: `--rounds`
rounds idle, then as many as fit while `aucote db prune`'s code prunes with `retention.keep_runs`
(default 1: every run but the newest of each check on each port, every sighting but the newest)
in this process. Printed: rows deleted per table and the prune's duration; p50/p99/max of the
requests idle and during the prune (goal: p99 during at most twice idle); after the prune, the first and
the deepest page of the security scans and findings lists (goal: as fast as page 0).

    PYTHONPATH=src:. .venv/bin/python -m bench.prune_bench
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from bench.dashboard_seed import Shape, seeded
from sqlalchemy import text
from tests.support.ports import free_port, serving

from aucote.config.retention import RetentionSettings
from aucote.engine.pruning import prune
from aucote.storage.database import open_engine

CACHE = Path(tempfile.gettempdir()) / "aucote-prune-bench"
LIMIT = 100


def pages(total: dict[str, int]) -> list[str]:
    """The pages asked: first and deepest of the two seq-paged lists, a filtered one, the scans."""
    deepest_scans = max(0, total["security_scans"] // LIMIT - 1)
    deepest_findings = max(0, total["vulnerabilities"] // LIMIT - 1)
    return [
        f"/api/v1/sec_scans?limit={LIMIT}&page=0",
        f"/api/v1/sec_scans?limit={LIMIT}&page={deepest_scans}",
        f"/api/v1/vulnerabilities?limit={LIMIT}&page=0",
        f"/api/v1/vulnerabilities?limit={LIMIT}&page={deepest_findings}",
        f"/api/v1/scans?limit={LIMIT}",
    ]


@contextmanager
def server(url: str) -> Iterator[str]:
    """`aucote serve` over the database; its base URL."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="aucote-prune-bench-") as folder:
        config = Path(folder) / "aucote.yaml"
        config.write_text("logging:\n  level: warning\n")
        argv = [sys.executable, "-m", "aucote", "serve", "--config", str(config), "--db", url]
        with serving([*argv, "--host", "127.0.0.1", "--port", str(port)], port, timeout=120):
            yield f"http://127.0.0.1:{port}"


def timed(client: httpx.Client, path: str) -> float:
    began = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, response.text
    return elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def figures(name: str, values: list[float]) -> str:
    return (
        f"| {name} | {len(values)} | {statistics.median(values):.1f} | {percentile(values, 0.99):.1f} "
        f"| {max(values):.1f} |"
    )


def counts(url: str) -> dict[str, int]:
    engine = open_engine(url)
    with engine.connect() as connection:
        found = {
            name: int(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
            for name in ("security_scans", "vulnerabilities", "port_scans", "changes")
        }
    engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder of the cached database (its own)")
    parser.add_argument("--rounds", type=int, default=100, help="idle rounds of the pages")
    parser.add_argument("--keep-runs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000)
    options = parser.parse_args()
    seed = seeded(options.cache, Shape())
    with tempfile.TemporaryDirectory(prefix="aucote-prune-bench-db-") as folder:
        work = Path(folder) / "aucote.sqlite3"
        shutil.copyfile(seed.url.removeprefix("sqlite:///"), work)
        url = f"sqlite:///{work}"
        before = counts(url)
        print(f"database: {before}")
        measured = pages(before)
        settings = RetentionSettings(keep_runs=options.keep_runs, batch=options.batch)
        with server(url) as base, httpx.Client(base_url=base, timeout=120) as client:
            for path in measured * 3:
                timed(client, path)
            idle = [timed(client, path) for _ in range(options.rounds) for path in measured]
            engine = open_engine(url)
            result: dict[str, object] = {}

            def run() -> None:
                began = time.perf_counter()
                result["deleted"] = prune(engine, settings, time.time())
                result["seconds"] = time.perf_counter() - began

            pruning = threading.Thread(target=run)
            pruning.start()
            during: list[float] = []
            while pruning.is_alive():
                during.extend(timed(client, path) for path in measured)
            pruning.join()
            engine.dispose()
            after = counts(url)
            deep = pages(after)
            per_page = {path: [timed(client, path) for _ in range(options.rounds)] for path in deep[:4]}
        deleted = result["deleted"]
        print(f"deleted: {deleted}; total {sum(deleted.values())} rows in {result['seconds']:.1f} s")  # type: ignore[attr-defined]
        print(f"after: {after}")
        print("| requests | n | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|")
        print(figures("idle", idle))
        print(figures("during the prune", during))
        ratio = percentile(during, 0.99) / percentile(idle, 0.99)
        print(f"p99 during / idle: {ratio:.2f} (goal ≤ 2)")
        print("| page after the prune | n | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|")
        for path, values in per_page.items():
            print(figures(path.removeprefix("/api/v1"), values))


if __name__ == "__main__":
    main()
