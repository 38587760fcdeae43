"""Where a LIVE service's memory goes: the soak on loopback, with tracemalloc inside the service.

    .venv/bin/python -m bench.service_leak --minutes 15            # drive and report
    (inside) python -m bench.service_leak --serve SNAPDIR -- service --config F --db URL

The driver starts one loopback host's worth of servers (HTTP, the range server, FTP, SSH and SMTP
banners on free ports), then `aucote service` with a LIVE tcp scanner over exactly those ports of
127.0.0.1 (min_time_gap 30s, so it rescans every minute; run_after tools_basic). The service runs
inside this module with tracemalloc on (10 frames) and dumps a snapshot every `--every` seconds.
At the end it prints VmRSS over time and the allocations that grew most between the snapshot
after the third minute and the last one.
"""

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import yaml
from bench.service_lab import SMTP, SSH, rss_kib
from tests.scheduling.service_process import NEVER, TOKEN
from tests.support.ports import free_port, serving, wait_for_port

SUPPORT = Path(__file__).parent.parent / "tests" / "support"


def _dumper(folder: Path, every: float) -> None:
    for count in range(1_000_000):
        time.sleep(every)
        tracemalloc.take_snapshot().dump(str(folder / f"snap-{count:04d}.pickle"))


def serve(folder: Path, every: float, argv: list[str]) -> None:
    """Run the aucote CLI with `argv` in this process, tracemalloc on, snapshots dumped to `folder`."""
    from aucote.cli.main import run

    tracemalloc.start(10)
    threading.Thread(target=_dumper, args=(folder, every), daemon=True).start()
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
    config = {
        "service": {
            "api": {
                "v1": {"host": "127.0.0.1", "port": api},
                "password": hashlib.sha512(TOKEN.encode()).hexdigest(),
            },
            "scans": {"parallel_tasks": 8},
        },
        "portdetection": {
            "tcp": tcp,
            "udp": {"scan_enabled": False},
            "tools_basic": {"scan_type": "PERIODIC", "periodic_scan": {"cron": NEVER}},
            "tools_advanced": {"scan_enabled": False},
        },
    }
    path.write_text(yaml.safe_dump(config))
    return path


@contextmanager
def _service(folder: Path, ports: list[int], every: float) -> Iterator["subprocess.Popen[bytes]"]:
    api = free_port()
    config = _config(folder / "aucote.yaml", api, ports)
    argv = [sys.executable, "-m", "bench.service_leak", "--serve", str(folder), "--every", str(every)]
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


def drive(minutes: float, every: float, top: int) -> None:
    """Servers, service, RSS samples every `every` seconds, then the tracemalloc report."""
    with tempfile.TemporaryDirectory(prefix="aucote-bench-leak-") as name, ExitStack() as stack:
        folder = Path(name)
        servers = _servers()
        for argv, port in servers:
            stack.enter_context(serving(argv, port))
        proc = stack.enter_context(_service(folder, [port for _, port in servers], every))
        began = time.monotonic()
        print(f"{'minute':>7} {'RSS MB':>8}", flush=True)
        while time.monotonic() - began < minutes * 60 and proc.poll() is None:
            print(f"{(time.monotonic() - began) / 60:>7.1f} {rss_kib(proc.pid) / 1024:>8.1f}", flush=True)
            time.sleep(every)
        report(folder, top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--every", type=float, default=60.0)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.every, args.rest)
    else:
        drive(args.minutes, args.every, args.top)


if __name__ == "__main__":
    main()
