"""Running `aucote service` as a real process for the tests, and talking to its API."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.support.ports import free_port, wait_for_port

TOKEN = "s3cret-token"
NEVER = "0 0 1 1 *"


def service_config(path: Path, api_port: int, target_port: int, nmap_timeout: str) -> Path:
    """A configuration that scans only `target_port` on 127.0.0.1, on demand, then runs exploit 72,
    every tool inside the service (the in-process executor, on PostgreSQL too: the job queue has
    its own tests in tests/queue)."""
    config = {
        "service": {
            "api": {
                "v1": {"host": "127.0.0.1", "port": api_port},
                "password": hashlib.sha512(TOKEN.encode()).hexdigest(),
            },
            "scans": {"parallel_tasks": 4},
        },
        "portdetection": {
            "tcp": {
                "scan_type": "PERIODIC",
                "periodic_scan": {"cron": NEVER},
                "networks": {"include": ["127.0.0.1/32"]},
                "ports": {"include": [str(target_port)], "exclude": []},
                "host_discovery": False,
                "scan_rate": 10000,
                "version_intensity": 2,
                "run_after": ["tools_basic"],
            },
            "udp": {"scan_enabled": False},
            "tools_basic": {"scan_type": "PERIODIC", "periodic_scan": {"cron": NEVER}, "scripts": [72]},
            "tools_advanced": {"scan_enabled": False},
        },
        "tools": {"nmap": {"timeout": nmap_timeout}},
        "workers": {"queue": "in-process"},
    }
    path.write_text(yaml.safe_dump(config))
    return path


class Service:
    """A running `aucote service` process and a client for its API."""

    def __init__(self, proc: "subprocess.Popen[bytes]", port: int, log: Path) -> None:
        self.proc, self.log = proc, log
        self.api = httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1", timeout=10)

    def post(self, path: str, token: str | None = TOKEN) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.api.post(path, headers=headers)

    def get(self, path: str) -> Any:
        response = self.api.get(path)
        response.raise_for_status()
        return response.json()

    def scans(self) -> list[dict[str, Any]]:
        return [self.get(f"/scan/{item['id']}") for item in self.get("/scans?limit=100")["scans"]]

    def wait(self, what: str, predicate: Callable[[], bool], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"service exited ({self.proc.returncode}) waiting for {what}: {self.output()}"
                )
            with suppress(httpx.TransportError):  # e.g. refused while a restarted service binds
                if predicate():
                    return
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; service log: {self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@contextmanager
def running_service(
    config: Path, database_url: str, api_port: int, log: Path, options: Sequence[str] = ()
) -> Iterator[Service]:
    """Start the service (with more command-line `options`); stop it (SIGTERM, then SIGKILL) at
    the end whatever happened."""
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aucote",
                "service",
                "--config",
                str(config),
                "--db",
                database_url,
                *options,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    service = Service(proc, api_port, log)
    try:
        wait_for_port("127.0.0.1", api_port, timeout=30)
        yield service
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        service.api.close()


@dataclass(frozen=True)
class ProcessEntry:
    """One live process of the process table: its pid, its parent's and its command line."""

    pid: int
    parent: int
    argv: tuple[bytes, ...]


def processes() -> Iterator[ProcessEntry]:
    """Every live process (neither zombie nor dead) that can be read in /proc."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = tuple((entry / "cmdline").read_bytes().split(b"\0"))
        except (OSError, IndexError, ValueError):
            continue
        if alive(int(entry.name)):
            yield ProcessEntry(int(entry.name), parent, argv)


def nmap_processes(marker: str) -> list[int]:
    """Pids of nmap processes whose command line contains `marker`."""
    return [
        process.pid
        for process in processes()
        if process.argv[0].endswith(b"nmap") and marker.encode() in b" ".join(process.argv)
    ]


def process_environ(pid: int) -> dict[str, str]:
    """The environment process `pid` started with."""
    pairs = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def alive(pid: int) -> bool:
    """Whether process `pid` exists and is neither a zombie nor dead."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def kill_nmap(marker: str) -> None:
    """End leftover nmap processes of a test (after kill -9 of the service they are orphans)."""
    for pid in nmap_processes(marker):
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def api_port() -> int:
    """A free port for the service's API."""
    return free_port()
