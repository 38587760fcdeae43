"""Where a LIVE service's memory goes: the soak on loopback, with the memory counters of the service process.

    .venv/bin/python -m bench.service_leak --minutes 16                  # drive and report
    .venv/bin/python -m bench.service_leak --minutes 16 --no-trace       # without tracemalloc's overhead
    .venv/bin/python -m bench.service_leak --minutes 16 --no-trace --trim   # malloc_trim(0) before samples
    .venv/bin/python -m bench.service_leak --storage 100                 # the storage alone, 100 rescans
    (inside) python -m bench.service_leak --serve SNAPDIR -- service --config F --db URL

The driver starts one loopback host's worth of servers (HTTP, the range server, FTP, SSH and SMTP
banners on free ports), then `aucote service` with a LIVE tcp scanner over exactly those ports of
127.0.0.1 (min_time_gap 30s, so it rescans every minute; run_after tools_basic). The service runs
inside this module; a thread of it writes, every `--every` seconds, one sample of the process's
memory: VmRSS and anonymous memory (smaps_rollup), SQLite's sqlite3_memory_used() and
sqlite3_memory_highwater() (through ctypes on libsqlite3.so.0, the library _sqlite3 links, so the
same globals), glibc's mallinfo2() (arena = sbrk/heap bytes of all arenas, mmap = hblkhd, in-use =
uordblks, free = fordblks) and arena count (malloc_info), threads, live sqlite3 connections and
traced Python memory; plus a copy of /proc/self/smaps and, with tracemalloc on (the default, 10
frames), a snapshot. The driver prints the samples as they come, each column's change after the
warm-up (`--warm` minutes), the mappings whose resident memory grew, and the allocation sites that
grew most between the snapshot after the third minute and the last.

`--storage N` runs no service: the product's engine and Recorder write N rescans of an 8-host lab
(5 ports, 21 checks each) into a fresh SQLite file, printing SQLite's memory beside the file size.
"""

import argparse
import ctypes
import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from ipaddress import ip_address
from pathlib import Path
from typing import TYPE_CHECKING

from bench.service_lab import SMTP, SSH, service_config
from tests.support.ports import free_port, serving, wait_for_port

if TYPE_CHECKING:
    from aucote.engine.recorder import Recorder
    from aucote.model.exploit import Exploit

SUPPORT = Path(__file__).parent.parent / "tests" / "support"
SAMPLES = "samples.jsonl"


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


class _Native:
    """The process's native allocators, read through ctypes: SQLite's global counters (the same
    libsqlite3.so.0 that _sqlite3 links, so the same globals) and glibc's mallinfo2/malloc_info."""

    def __init__(self) -> None:
        self.sqlite = ctypes.CDLL("libsqlite3.so.0")
        self.sqlite.sqlite3_memory_used.restype = ctypes.c_int64
        self.sqlite.sqlite3_memory_highwater.restype = ctypes.c_int64
        self.sqlite.sqlite3_memory_highwater.argtypes = [ctypes.c_int]
        self.libc = ctypes.CDLL("libc.so.6")
        self.libc.mallinfo2.restype = _Mallinfo2
        self.libc.fopen.restype = ctypes.c_void_p
        self.libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        self.libc.fclose.argtypes = [ctypes.c_void_p]
        self.libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
        self.libc.malloc_trim.argtypes = [ctypes.c_size_t]

    def arenas(self, folder: Path) -> int:
        """How many malloc arenas (main + per-thread) glibc has: the `<heap nr=` count of malloc_info."""
        path = folder / "malloc_info.xml"
        handle = self.libc.fopen(str(path).encode(), b"w")
        self.libc.malloc_info(0, handle)
        self.libc.fclose(handle)
        return path.read_text().count("<heap nr=")

    def sample(self, folder: Path, trim: bool) -> dict[str, float]:
        before = _status()
        if trim:
            self.libc.malloc_trim(0)
        info = self.libc.mallinfo2()
        status = _status()
        rollup = _status("/proc/self/smaps_rollup")
        connections = sum(1 for o in gc.get_objects() if type(o) is sqlite3.Connection)
        return {
            "time": time.time(),
            "rss_kib": int(status["VmRSS"].split()[0]),
            "rss_before_trim_kib": int(before["VmRSS"].split()[0]),
            "anon_kib": int(rollup["Anonymous"].split()[0]),
            "threads": int(status["Threads"]),
            "py_threads": threading.active_count(),
            "sqlite_used": self.sqlite.sqlite3_memory_used(),
            "sqlite_high": self.sqlite.sqlite3_memory_highwater(0),
            "sqlite_connections": connections,
            "arena": info.arena,
            "hblkhd": info.hblkhd,
            "uordblks": info.uordblks,
            "fordblks": info.fordblks,
            "keepcost": info.keepcost,
            "arenas": self.arenas(folder),
            "traced": tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0,
            "tracemalloc_own": tracemalloc.get_tracemalloc_memory(),
        }


def _status(path: str = "/proc/self/status") -> dict[str, str]:
    return dict(line.split(":", 1) for line in Path(path).read_text().splitlines() if ":" in line)


def _dumper(folder: Path, every: float, trim: bool) -> None:
    """Every `every` seconds: one line of native and Python memory figures (with `trim`, after
    glibc's malloc_trim(0), RSS before it kept too), then a tracemalloc snapshot when tracing."""
    native = _Native()
    with (folder / SAMPLES).open("a") as samples:
        for count in range(1_000_000):
            samples.write(json.dumps(native.sample(folder, trim)) + "\n")
            (folder / f"smaps-{count:04d}.txt").write_text(Path("/proc/self/smaps").read_text())
            samples.flush()
            time.sleep(every)
            if tracemalloc.is_tracing():
                tracemalloc.take_snapshot().dump(str(folder / f"snap-{count:04d}.pickle"))


def serve(folder: Path, every: float, argv: list[str], trace: bool, trim: bool) -> None:
    """Run the aucote CLI with `argv` in this process, samples (and with `trace`, tracemalloc
    snapshots) dumped to `folder`."""
    from aucote.cli.main import run

    if trace:
        tracemalloc.start(10)
    threading.Thread(target=_dumper, args=(folder, every, trim), daemon=True).start()
    sys.argv = ["aucote", *argv]
    run()


def _servers() -> list[tuple[list[str], int]]:
    python, here = sys.executable, str(SUPPORT)
    ports = [free_port() for _ in range(5)]
    return [
        ([python, "-m", "http.server", str(ports[0]), "--bind", "127.0.0.1"], ports[0]),
        ([python, f"{here}/range_server.py", str(ports[1]), "127.0.0.1"], ports[1]),
        ([python, f"{here}/ftp_server.py", str(ports[2]), "127.0.0.1", "anonymous"], ports[2]),
        ([python, f"{here}/banner_server.py", str(ports[3]), "127.0.0.1", SSH], ports[3]),
        ([python, f"{here}/banner_server.py", str(ports[4]), "127.0.0.1", SMTP, "250 ok"], ports[4]),
    ]


def _config(path: Path, api: int, ports: list[int]) -> Path:
    tcp = {
        "scan_type": "LIVE",
        "live_scan": {"min_time_gap": "30s"},
        "networks": {"include": ["127.0.0.1/32"], "exclude": []},
        "ports": {"include": [str(port) for port in ports], "exclude": []},
        "host_discovery": False,
        "scan_rate": 100000,
        "run_after": ["tools_basic"],
    }
    return service_config(path, api, tcp, parallel=8)


@contextmanager
def _service(
    folder: Path, ports: list[int], every: float, trace: bool, trim: bool
) -> Iterator["subprocess.Popen[bytes]"]:
    api = free_port()
    config = _config(folder / "aucote.yaml", api, ports)
    argv = [sys.executable, "-m", "bench.service_leak", "--serve", str(folder), "--every", str(every)]
    argv += ([] if trace else ["--no-trace"]) + (["--trim"] if trim else [])
    argv += ["--", "service", "--config", str(config), "--db", f"sqlite:///{folder / 'db.sqlite3'}"]
    with (folder / "service.log").open("ab") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port("127.0.0.1", api, timeout=60)
        yield proc
    finally:
        _stop(proc)


def _stop(proc: "subprocess.Popen[bytes]") -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def report(folder: Path, top: int) -> None:
    """The allocation sites that grew most between the 4th snapshot and the last."""
    snaps = sorted(folder.glob("snap-*.pickle"))
    if len(snaps) < 5:
        print("too few snapshots")
        return
    first, last = tracemalloc.Snapshot.load(str(snaps[3])), tracemalloc.Snapshot.load(str(snaps[-1]))
    first_total = sum(stat.size for stat in first.statistics("filename"))
    last_total = sum(stat.size for stat in last.statistics("filename"))
    print(
        f"\ntraced Python memory: {first_total / 1e6:.2f} MB (snapshot 4) -> {last_total / 1e6:.2f} MB (last)"
    )
    for key in ("lineno", "traceback"):
        print(f"\ntop growth by {key}:")
        for stat in last.compare_to(first, key)[:top]:
            where = stat.traceback.format()[-1].strip()
            print(f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks  {where}")
            if key == "traceback":
                for line in stat.traceback.format(limit=10)[::2][-6:]:
                    print(f"        {line.strip()}")


MB = 1024 * 1024
# (heading, width, how to read it from a sample)
COLUMNS: list[tuple[str, int, Callable[[dict[str, float]], float]]] = [
    ("RSS", 6, lambda row: row["rss_kib"] / 1024),
    ("RSS<trim", 8, lambda row: row["rss_before_trim_kib"] / 1024),
    ("anon", 6, lambda row: row["anon_kib"] / 1024),
    ("traced", 6, lambda row: row["traced"] / MB),
    ("sqlite", 6, lambda row: row["sqlite_used"] / MB),
    ("sq.high", 7, lambda row: row["sqlite_high"] / MB),
    ("arena", 6, lambda row: row["arena"] / MB),
    ("mmap", 6, lambda row: row["hblkhd"] / MB),
    ("in-use", 6, lambda row: row["uordblks"] / MB),
    ("free", 6, lambda row: row["fordblks"] / MB),
]


def _heading() -> str:
    names = " ".join(f"{name:>{width}}" for name, width, _ in COLUMNS)
    return f"{'minute':>6} {names} {'arenas':>6} {'thr':>4} {'conns':>5}"


def _line(began: float, row: dict[str, float]) -> str:
    values = " ".join(f"{read(row):>{width}.1f}" for _, width, read in COLUMNS)
    counts = f"{row['arenas']:>6.0f} {row['threads']:>4.0f} {row['sqlite_connections']:>5.0f}"
    return f"{(row['time'] - began) / 60:>6.1f} {values} {counts}"


def _samples(folder: Path) -> list[dict[str, float]]:
    path = folder / SAMPLES
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.endswith("}")]


def _mappings(path: Path) -> dict[str, tuple[int, int]]:
    """Each mapping of an smaps dump by "start name" (anonymous ones "[anon]"; a thread's malloc
    heap keeps its start as it grows): its Rss and its size, in KiB."""
    found: dict[str, tuple[int, int]] = {}
    key, size = "", 0
    for line in path.read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and not fields[0].endswith(":"):
            start, end = (int(part, 16) for part in fields[0].split("-"))
            key, size = f"{start:x} {fields[5] if len(fields) > 5 else '[anon]'}", (end - start) // 1024
        elif fields and fields[0] == "Rss:":
            found[key] = (int(fields[1]), size)
    return found


def mappings_report(folder: Path, first: int, top: int) -> None:
    """Which mappings' resident memory grew between sample `first` and the last."""
    dumps = sorted(folder.glob("smaps-*.txt"))
    if len(dumps) <= first + 1:
        return
    before, after = _mappings(dumps[first]), _mappings(dumps[-1])
    growth = {
        key: after.get(key, (0, 0))[0] - before.get(key, (0, 0))[0] for key in before.keys() | after.keys()
    }
    print(f"\nresident memory by mapping, sample {first} -> last ({len(dumps) - 1}):")
    for kind in ("[heap]", "[anon]", "[stack]", "/"):
        diff = sum(size for key, size in growth.items() if key.split(" ", 1)[1].startswith(kind))
        print(f"  {kind if kind != '/' else 'files':>8}: {diff / 1024:+7.2f} MB")
    for key, diff in sorted(growth.items(), key=lambda item: -abs(item[1]))[:top]:
        resident, size = after.get(key, (0, 0))
        print(
            f"  {diff / 1024:+7.2f} MB  {key}  ({size / 1024:.1f} MB mapped, {resident / 1024:.1f} resident)"
        )


def summary(rows: list[dict[str, float]], began: float, warm: float) -> None:
    """Each column's change from the first sample after `warm` minutes to the last, and RSS's slope."""
    warmed = [row for row in rows if row["time"] - began >= warm * 60]
    if len(warmed) < 3:
        print("too few samples")
        return
    first, last = warmed[0], warmed[-1]
    hours = (last["time"] - first["time"]) / 3600
    minutes = ((first["time"] - began) / 60, (last["time"] - began) / 60)
    print(f"\nchange from minute {minutes[0]:.1f} to {minutes[1]:.1f} (MB, and MB/hour):")
    for name, _, read in COLUMNS:
        diff = read(last) - read(first)
        print(f"  {name:>8}: {read(first):8.1f} -> {read(last):8.1f}  {diff:+7.2f}  {diff / hours:+7.2f}/h")
    xs = [(row["time"] - first["time"]) / 3600 for row in warmed]
    ys = [row["rss_kib"] / 1024 for row in warmed]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    print(f"  RSS least-squares slope after minute {warm:g}: {slope:+.2f} MB/hour")


def drive(minutes: float, every: float, top: int, trace: bool, trim: bool, warm: float) -> None:
    """Servers, service, the service's own samples printed as they come, then the summary and
    (with `trace`) the tracemalloc report."""
    with tempfile.TemporaryDirectory(prefix="aucote-bench-leak-") as name, ExitStack() as stack:
        folder = Path(name)
        servers = _servers()
        for argv, port in servers:
            stack.enter_context(serving(argv, port))
        began = time.time()
        proc = stack.enter_context(_service(folder, [port for _, port in servers], every, trace, trim))
        print(
            f"tracemalloc {'on' if trace else 'off'}; MALLOC_ARENA_MAX={os.environ.get('MALLOC_ARENA_MAX')}"
        )
        print(_heading(), flush=True)
        shown = 0
        while time.time() - began < minutes * 60 + 5 and proc.poll() is None:
            rows = _samples(folder)
            for row in rows[shown:]:
                print(_line(began, row), flush=True)
            shown = len(rows)
            time.sleep(min(every, 5))
        rows = _samples(folder)
        summary(rows, began, warm)
        warmed = [n for n, row in enumerate(rows) if row["time"] - began >= warm * 60]
        if warmed:
            mappings_report(folder, warmed[0], top)
        if trace:
            report(folder, top)


STORAGE_NODES, STORAGE_PORTS, STORAGE_CHECKS = 8, (21, 22, 25, 80, 8080), 21  # ~ the soak lab's rescan


async def _rescan(recorder: "Recorder", round_: int, checks: "list[Exploit]") -> None:
    """One rescan as the pipeline records it: scan, nodes, open ports, planned, running and done
    security scans (one in ten reports a finding), end of nodes and scan."""
    from aucote.checks.contract import ExploitOutcome
    from aucote.model.finding import Finding
    from aucote.model.protocol import Protocol
    from aucote.model.status import CheckStatus, ScanStatus
    from aucote.model.target import Node, Port

    scan_id = await recorder.start_scan("tcp", 6)
    for index in range(STORAGE_NODES):
        ip = f"10.9.0.{index + 1}"
        node = Node(await recorder.node(ip, [scan_id]), ip_address(ip))
        ports = [Port(node, number, Protocol.TCP) for number in STORAGE_PORTS]
        await recorder.open_ports(scan_id, ports)
        for port in ports:
            ids = await recorder.plan(scan_id, port, checks, {})
            await recorder.running(list(ids.values()))
            now = recorder.now()
            found = (Finding(f"round {round_}"),)
            results = [
                (
                    check,
                    ExploitOutcome(
                        exploit_id=check.id,
                        status=CheckStatus.DONE,
                        start=now,
                        end=now + 1,
                        findings=found if n % 10 == 0 else (),
                    ),
                )
                for n, check in enumerate(checks)
            ]
            await recorder.outcomes(scan_id, port, ids, results)
        await recorder.end_node([scan_id], node.id)
    await recorder.end_scan(scan_id, ScanStatus.DONE)


def storage(rescans: int) -> None:
    """The service's storage alone, no scanning: the product's engine (open_engine) and Recorder
    write `rescans` rescans of an 8-host lab (~800 security scans each) into a fresh SQLite file;
    every 5 rescans SQLite's own memory beside the file's size and the process's RSS."""
    import asyncio

    from aucote.engine.recorder import Recorder
    from aucote.model.exploit import Exploit
    from aucote.storage.database import open_engine
    from aucote.storage.migrate import upgrade
    from aucote.storage.repository import exploits

    native = _Native()
    checks = [Exploit(n, "bench", f"check-{n:03d}", title=f"check {n}") for n in range(1, STORAGE_CHECKS + 1)]
    with tempfile.TemporaryDirectory(prefix="aucote-bench-leak-storage-") as name:
        database = Path(name) / "db.sqlite3"
        engine = open_engine(f"sqlite:///{database}")
        upgrade(engine)
        with engine.begin() as connection:
            exploits.sync_exploits(connection, checks)
        recorder = Recorder(engine, time.time)
        print(f"{'rescans':>7} {'sec.scans':>9} {'db MB':>8} {'sqlite MB':>9} {'RSS MB':>7} {'pooled':>6}")
        for round_ in range(1, rescans + 1):
            asyncio.run(_rescan(recorder, round_, checks))
            if round_ % 5 == 0:
                with closing(sqlite3.connect(database)) as reader:  # pages, the WAL's included
                    size = reader.execute("PRAGMA page_count").fetchone()[0] * 4096
                row = native.sample(Path(name), trim=False)
                print(
                    f"{round_:>7} {round_ * STORAGE_NODES * len(STORAGE_PORTS) * STORAGE_CHECKS:>9} "
                    f"{size / MB:>8.2f} {row['sqlite_used'] / MB:>9.2f} {row['rss_kib'] / 1024:>7.1f} "
                    f"{engine.pool.checkedin():>6}",  # type: ignore[attr-defined]
                    flush=True,
                )
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--every", type=float, default=60.0)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--warm", type=float, default=3.0, help="minutes before the summary's baseline")
    parser.add_argument("--no-trace", action="store_true", help="no tracemalloc (its own overhead)")
    parser.add_argument("--trim", action="store_true", help="glibc malloc_trim(0) before each sample")
    parser.add_argument("--storage", type=int, metavar="RESCANS", help="the storage alone (see storage())")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.storage:
        storage(args.storage)
    elif args.serve:
        serve(args.serve, args.every, args.rest, not args.no_trace, args.trim)
    else:
        drive(args.minutes, args.every, args.top, not args.no_trace, args.trim, args.warm)


if __name__ == "__main__":
    main()
