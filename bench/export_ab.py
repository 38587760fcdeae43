"""Before and after of the exports on a shared machine: this tree's export against another
checkout's (a baseline, e.g. main), each over the dashboard bench's database as its own migrations
make it (bench/dashboard_seed.py: 442,000 reports, 100,000 findings; cached in
$TMPDIR/aucote-export-ab/before and after), run in turn.

For each scope (the newest tools run: 92,000 rows; every run: 392,000), format and round, one
fresh process per side exports through `bench/export_bench.py --worker` (the default view into
/dev/null, as `aucote export findings` writes it), the two sides alternating and their order
swapped each round (ABBA), so both see the same load. It prints, per scope and format, each side's
median rows/s (wall) and rows per CPU-second, the ratios after / before, and the peak RSS (VmHWM).

    git worktree add /tmp/aucote-main main   # or: git archive main src bench | tar -x -C /tmp/aucote-main
    PYTHONPATH=$PWD/src:$PWD .venv/bin/python -m bench.export_ab --baseline /tmp/aucote-main
    ... --formats sarif,csv --rounds 5 --scopes newest
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.export_bench import GOAL_RATE, calibration

HERE = Path(__file__).resolve().parents[1]
DATABASE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from bench.dashboard_seed import Shape, seeded\n"
    "print(seeded(Path(sys.argv[1]), Shape()).url)\n"
)
"""What a tree runs to find (or make) its dashboard bench database, in a folder of its own (the
cache keeps one database per folder: the two sides' would replace each other's)."""
CACHE = Path(tempfile.gettempdir()) / "aucote-export-ab"
NEWEST = (
    "import sys\n"
    "from sqlalchemy import select\n"
    "from aucote.storage.database import open_engine\n"
    "from aucote.storage.tables import scans\n"
    "with open_engine(sys.argv[1]).connect() as connection:\n"
    "    print(connection.execute(select(scans.c.id).where(scans.c.scanner == 'tools_basic')"
    ".order_by(scans.c.id.desc()).limit(1)).scalar_one())\n"
)
"""The newest tools run of a database (as bench/dashboard_bench.py picks it)."""


@dataclass(frozen=True)
class Side:
    """One tree and its database."""

    name: str
    root: Path
    url: str
    newest: int


def python(root: Path, argv: list[str]) -> str:
    """Run `python argv` in `root` with that tree's code first on the path; its output."""
    environment = {**os.environ, "PYTHONPATH": f"{root / 'src'}:{root}"}
    done = subprocess.run(
        [sys.executable, *argv], cwd=root, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} in {root} failed:\n{done.stderr}")
    return done.stdout.strip()


def side(name: str, root: Path) -> Side:
    folder = CACHE / name
    folder.mkdir(parents=True, exist_ok=True)
    url = python(root, ["-c", DATABASE, str(folder)]).splitlines()[-1]
    return Side(name, root, url, int(python(root, ["-c", NEWEST, url])))


def export(one: Side, format: str, scope: str) -> dict[str, float]:
    argv = ["-m", "bench.export_bench", "--worker", one.url, "--format", format]
    argv += ["--scan-id", str(one.newest)] if scope == "newest" else []
    measured: dict[str, float] = json.loads(python(one.root, argv))
    return measured


def compare(sides: tuple[Side, Side], format: str, scope: str, rounds: int) -> str:
    """Both sides' exports, alternating (ABBA); a table row."""
    runs: dict[str, list[dict[str, float]]] = {one.name: [] for one in sides}
    for index in range(rounds):
        for one in sides if index % 2 == 0 else sides[::-1]:
            runs[one.name].append(export(one, format, scope))
    before, after = (runs[one.name] for one in sides)
    rows = int(after[0]["rows"])
    if int(before[0]["rows"]) != rows:
        raise RuntimeError(f"{format} {scope}: {before[0]['rows']} rows before, {rows} after")
    wall = [
        statistics.median(run["rows"] / run["seconds"] for run in side_runs) for side_runs in (before, after)
    ]
    cpu = [statistics.median(run["rows"] / run["cpu"] for run in side_runs) for side_runs in (before, after)]
    rss = [max(run["max_rss_kib"] for run in side_runs) / 1024 for side_runs in (before, after)]
    goal = "PASS" if wall[1] >= GOAL_RATE else "FAIL"
    return (
        f"| {scope} | {format} | {rows:,} | {wall[0]:,.0f} | **{wall[1]:,.0f}** | {wall[1] / wall[0]:.2f} | "
        f"{cpu[0]:,.0f} | {cpu[1]:,.0f} | {cpu[1] / cpu[0]:.2f} | {rss[0]:.1f} / {rss[1]:.1f} | {goal} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="Root of the other checkout.")
    parser.add_argument("--formats", default="sarif,csv,json,defectdojo")
    parser.add_argument("--scopes", default="newest,all", help="newest (tools run), all (every run)")
    parser.add_argument("--rounds", type=int, default=4)
    options = parser.parse_args()
    sides = (side("before", options.baseline.resolve()), side("after", HERE))
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; calibration {calibration():.1f} ms"
    )
    for one in sides:
        print(f"{one.name}: {one.root} over {one.url} (newest tools run {one.newest})")
    print(
        "\n| export | format | rows | rows/s before | rows/s after | after / before | per CPU-s before "
        "| per CPU-s after | after / before | peak RSS MiB before / after | after >= 100,000 rows/s |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|",
        flush=True,
    )
    for scope in options.scopes.split(","):
        for format in options.formats.split(","):
            print(compare(sides, format, scope, options.rounds), flush=True)
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.2f}; calibration {calibration():.1f} ms")


if __name__ == "__main__":
    main()
