"""The service benches' world: an 8-host namespace lab with 3-6 services per host, and a running
`aucote service` whose tcp scanner covers the lab (never the gateway, never port 2024)."""

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bench.service_cpu import family, is_api_process
from tests.scheduling.service_process import NEVER, TOKEN, Service, api_port, running_service
from tests.support.netns_lab import Lab, LabHost, netns_lab

HOSTS = 8
SSH = "SSH-2.0-OpenSSH_7.4"
SMTP = "220 mail.example.com ESMTP Postfix"


def _services(lab: Lab) -> list[tuple[str, Callable[[LabHost], None]]]:
    """What a host may run, in order: host N runs the first 3 + (N-2) % 4 of these."""
    return [
        ("http/80", lambda host: lab.http_server(host, 80)),
        ("ftp/21", lambda host: lab.ftp_server(host, 21, anonymous=True)),
        ("ssh-banner/22", lambda host: lab.banner_server(host, 22, SSH)),
        ("range-http/8080", lambda host: lab.range_server(host, 8080)),
        ("smtp-banner/25", lambda host: lab.banner_server(host, 25, SMTP, "250 ok")),
        ("http/8000", lambda host: lab.http_server(host, 8000)),
    ]


@contextmanager
def service_lab() -> Iterator[tuple[Lab, int]]:
    """The lab with its services started; yields it and the number of services."""
    with netns_lab(HOSTS) as lab:
        services = _services(lab)
        total = 0
        for host in lab.hosts:
            for _name, start in services[: 3 + (host.index - 2) % 4]:
                start(host)
                total += 1
        yield lab, total


def lab_config(
    path: Path, port: int, lab: Lab, *, live_gap: str | None, parallel: int, reserved_cpus: int = 1
) -> Path:
    """tcp over the lab (LIVE with `live_gap`, else PERIODIC never-firing), then tools_basic."""
    tcp: dict[str, Any] = {
        "scan_type": "LIVE" if live_gap else "PERIODIC",
        "periodic_scan": {"cron": NEVER},
        "live_scan": {"min_time_gap": live_gap or "2h"},
        "networks": {"include": [lab.network], "exclude": [f"{lab.gateway}/32"]},
        "ports": {"include": ["0-65535"], "exclude": ["2024"]},
        "scan_rate": 100000,
        "host_timeout": "5m",
        "run_after": ["tools_basic"],
    }
    return service_config(path, port, tcp, parallel=parallel, reserved_cpus=reserved_cpus)


def service_config(
    path: Path, port: int, tcp: dict[str, Any], *, parallel: int, reserved_cpus: int = 1
) -> Path:
    """A service with the bench token on 127.0.0.1:`port`, scanner `tcp`, then tools_basic when
    tcp's run ends (never on its own); udp and tools_advanced off; `parallel_tasks` and
    `reserved_cpus` as given."""
    config = {
        "service": {
            "api": {
                "v1": {"host": "127.0.0.1", "port": port},
                "password": hashlib.sha512(TOKEN.encode()).hexdigest(),
            },
            "scans": {"parallel_tasks": parallel, "reserved_cpus": reserved_cpus},
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


@dataclass(frozen=True)
class Running:
    """A service process over the lab, and where it keeps its data."""

    service: Service
    port: int
    database: Path


@contextmanager
def lab_service(
    workdir: Path, lab: Lab, *, live_gap: str | None, parallel: int, reserved_cpus: int = 1
) -> Iterator[Running]:
    """`aucote service` (SQLite in `workdir`) scanning the lab; stopped with SIGTERM, then kill."""
    port = api_port()
    config = lab_config(
        workdir / "aucote.yaml", port, lab, live_gap=live_gap, parallel=parallel, reserved_cpus=reserved_cpus
    )
    database = workdir / "aucote.sqlite3"
    with running_service(config, f"sqlite:///{database}", port, workdir / "service.log") as service:
        yield Running(service, port, database)


def rss_kib(pid: int) -> int:
    """VmRSS of process `pid` in KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def api_process_rss_kib(pid: int) -> int:
    """Summed VmRSS (KiB) of the service's API process(es), children of `pid`."""
    return sum(rss_kib(child) for child in family([pid]) - {pid} if is_api_process(child))


def children_rss_kib(pid: int) -> tuple[int, int]:
    """How many tool processes descend from `pid` (its API process left out) and their VmRSS in KiB."""
    tools = [child for child in family([pid]) - {pid} if not is_api_process(child)]
    return len(tools), sum(rss_kib(child) for child in tools)


def stored_counts(database: Path) -> dict[str, int]:
    """Rows of the main tables of the service's SQLite database (read-only)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        names = [row[0] for row in connection.execute("select name from sqlite_master where type='table'")]
        wanted = [name for name in ("scans", "node_scans", "port_scans", "security_scans") if name in names]
        return {name: connection.execute(f"select count(*) from {name}").fetchone()[0] for name in wanted}
