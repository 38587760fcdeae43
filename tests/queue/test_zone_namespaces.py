"""Routing by zone, proven by results: two zones of namespace hosts (tests/support/zone_lab.py),
each with a real `aucote worker --zone` in a namespace of its own that reaches only its zone's
hosts and the throwaway PostgreSQL on its bridge; a real `aucote service` (no local worker) in
the root namespace starts the scan through its API.

Routed right, every host's open ports and services are found and its checks end DONE with their
findings, and the hosts' recorders show every packet of the scan came from their zone's worker,
none from the root namespace (the service) or the other zone's worker. With the zones' networks
swapped in the configuration each worker gets the other zone's hosts, to which it has no route:
every host job fails saying so, the scan's reason names each host, nothing is found and no packet
reaches any host. Either way the workers drain on SIGTERM and leave no process behind in their
namespaces. kill -9 of a worker in the middle of its nmap: the nmap dies with it and the zone's
other worker runs the job."""

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Connection, select

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.tables import nodes, port_scans, queue_jobs, scans, security_scans, vulnerabilities
from tests.engine.scanning import BYTERANGE, FTP_ANON
from tests.scheduling.service_process import Service, alive, api_port, running_service, service_config
from tests.support.netns_lab import LabHost
from tests.support.postgres import Cluster, fresh_database
from tests.support.zone_lab import (
    ZoneLab,
    forget_neighbours,
    namespace_pids,
    spawn_worker,
    zone_cluster,
    zone_labs,
    zone_url,
)

pytestmark = [pytest.mark.postgres, pytest.mark.nmap, pytest.mark.netns]

SSH = "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"
SMTP = "220 mail.zone.test ESMTP Postfix"
PORTS = "21,22,25,80,8080"
"""Scanned on every target; 80 is open nowhere."""
NAMES = ("za", "zb")
SILENT = 9999
"""A port of zone a's second host that accepts and never answers (not among PORTS)."""
BOUND = 3.0 + 2 * 1.0 + 3.0
"""Seconds from a worker's kill -9 to its job's next attempt starting: stalled_after + two
heartbeat periods (detection, the service's recovery tick) + pick-up and start slack."""


@dataclass(frozen=True)
class Zones:
    """The two zones, their database server and each scanned host's contact log."""

    a: ZoneLab
    b: ZoneLab
    cluster: Cluster
    logs: dict[str, Path]

    def of(self, name: str) -> ZoneLab:
        """The zone lab named `za` or `zb`."""
        return self.a if name == "za" else self.b


def _start_services(a: ZoneLab, b: ZoneLab) -> dict[str, Path]:
    a.lab.silent_server(a.hosts[1], SILENT)
    a.lab.ftp_server(a.hosts[0], 21, anonymous=True)
    a.lab.range_server(a.hosts[0], 8080)
    a.lab.banner_server(a.hosts[1], 22, SSH)
    b.lab.ftp_server(b.hosts[0], 21, anonymous=False)
    b.lab.banner_server(b.hosts[0], 25, SMTP, "250 ok")
    b.lab.ftp_server(b.hosts[1], 21, anonymous=True)
    b.lab.range_server(b.hosts[1], 8080)
    return {host.ip: zone.lab.recorder(host) for zone in (a, b) for host in zone.hosts}


@pytest.fixture(scope="module")
def zones() -> Iterator[Zones]:
    with zone_labs(2, workers=2) as (a, b), zone_cluster(a, b) as cluster:
        yield Zones(a, b, cluster, _start_services(a, b))


@pytest.fixture
def database(zones: Zones) -> Iterator[str]:
    with fresh_database(zones.cluster.url) as url:
        engine = open_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


def _config(path: Path, port: int, networks: dict[str, str], tcp: dict[str, object]) -> Path:
    """The service's (and workers') configuration: zones of `networks`, the tcp scanner's keys
    changed by `tcp`, no local worker."""
    config = yaml.safe_load(service_config(path, port, 0, "60s").read_text())
    config["service"]["scans"]["resume"] = False
    config["portdetection"]["tcp"].update(tcp)
    config["portdetection"]["tools_basic"]["scripts"] = [FTP_ANON, BYTERANGE]
    config["workers"] = {
        "queue": "procrastinate",
        "local_worker": False,
        "heartbeat": "1s",
        "stalled_after": "3s",
        "drain_grace": "2s",
        "zones": {name: {"networks": [network]} for name, network in networks.items()},
    }
    path.write_text(yaml.safe_dump(config))
    return path


@dataclass(frozen=True)
class Outcome:
    """What one run of the service left: its scans by scanner, when the scan was started, the
    workers' exit statuses after SIGTERM and what still ran in their namespaces then."""

    scans: dict[str, dict[str, object]]
    started: float
    exits: dict[str, int | None]
    leftovers: dict[str, list[int]]


def _every_host(zones: Zones) -> dict[str, object]:
    targets = [f"{host.ip}/32" for zone in (zones.a, zones.b) for host in zone.hosts]
    return {
        "networks": {"include": targets},
        "ports": {"include": [PORTS], "exclude": []},
        "host_discovery": True,
    }


def _run(zones: Zones, url: str, tmp_path: Path, networks: dict[str, str], tools: bool) -> Outcome:
    """Workers in both zones, the service started with zones `networks`; its tcp scan of every
    target started through the API and awaited (and the tools_basic scan it chains to, when `tools`)."""
    port = api_port()
    config = _config(tmp_path / "aucote.yaml", port, networks, _every_host(zones))
    workers = {name: _worker(zones, name, url, config, tmp_path) for name in NAMES}
    try:
        with running_service(config, url, port, tmp_path / "service.log") as service:
            service.wait("both workers", lambda: _alive(service) == set(NAMES), timeout=30)
            forget_neighbours(zones.a, zones.b)
            started = time.time()
            assert service.post("/scanner/tcp/start").status_code == 202
            service.wait("the scans to end", lambda: _ended(service, tools), timeout=60)
            by_scanner = {scan["scanner"]: scan for scan in service.scans()}
    finally:
        for worker in workers.values():
            worker.terminate()
        exits = {name: _exit(worker) for name, worker in workers.items()}
    leftovers = {name: namespace_pids(zones.of(name).worker) for name in NAMES}
    return Outcome(by_scanner, started, exits, leftovers)


def _worker(zones: Zones, name: str, url: str, config: Path, tmp_path: Path) -> "subprocess.Popen[bytes]":
    zone = zones.of(name)
    return spawn_worker(zone, name, zone_url(url, zone), config, tmp_path / f"{name}.log")


def _alive(service: Service) -> set[str]:
    return {w["name"] for w in service.get("/workers")["workers"] if w["state"] == "alive"}


def _exit(worker: "subprocess.Popen[bytes]") -> int | None:
    """Its exit status (drained within drain_grace); None if it had to be killed."""
    try:
        return worker.wait(20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
        return None


def _ended(service: Service, tools: bool) -> bool:
    scans = {scan["scanner"]: scan for scan in service.scans()}
    wanted = ["tcp", "tools_basic"] if tools else ["tcp"]
    return all(name in scans and scans[name]["end"] is not None for name in wanted)


@dataclass(frozen=True)
class Stored:
    """What the database holds after a run, by host address."""

    ports: dict[str, set[tuple[int, str | None]]]
    checks: set[tuple[str, int, int, str]]
    findings: set[tuple[str, int, int]]
    jobs: list[tuple[str, str, str | None, str, int]]
    """(host address, zone, worker, state, attempt) of every job."""
    details: dict[str, str]
    """By host address, the detail of its failed jobs."""
    scans: dict[str, tuple[str, str | None]]
    """By scanner, the status and reason of its scan."""


def _stored(url: str) -> Stored:
    engine = open_engine(url)
    try:
        with engine.connect() as connection:
            return _read(connection)
    finally:
        engine.dispose()


def _read(connection: Connection) -> Stored:
    ips = {row.id: row.ip for row in connection.execute(select(nodes.c.id, nodes.c.ip))}
    ports: dict[str, set[tuple[int, str | None]]] = {}
    for row in connection.execute(select(port_scans)):
        ports.setdefault(ips[row.node_id], set()).add((row.port, row.service_name))
    checks = {
        (ips[row.node_id], row.port, row.exploit_id, row.status)
        for row in connection.execute(select(security_scans))
    }
    findings = {
        (ips[row.node_id], row.port, row.exploit_id) for row in connection.execute(select(vulnerabilities))
    }
    check_nodes = {row.id: row.node_id for row in connection.execute(select(security_scans))}
    jobs = [
        (ips[_job_node(row.key, check_nodes)], row.zone, row.worker, row.state, row.attempt)
        for row in connection.execute(select(queue_jobs))
    ]
    details = {
        ips[_job_node(row.key, check_nodes)]: row.detail
        for row in connection.execute(select(queue_jobs).where(queue_jobs.c.state == "failed"))
    }
    ended = {row.scanner: (row.status, row.reason) for row in connection.execute(select(scans))}
    return Stored(ports, checks, findings, sorted(jobs), details, ended)


def _job_node(key: str, check_nodes: dict[int, int]) -> int:
    """The node a job worked on: `host:<scan>:<node>`, or `checks:<first security scan row>`."""
    kind, _, rest = key.partition(":")
    return int(rest.split(":")[1]) if kind == "host" else check_nodes[int(rest)]


def _peers(zones: Zones, since: float) -> dict[str, set[str]]:
    """Who sent each scanned host anything (a packet or an ARP request) since `since`."""
    return {
        ip: {contact.peer for contact in zones.a.lab.contacts(log) if contact.time >= since}
        for ip, log in zones.logs.items()
    }


def test_each_zone_is_scanned_by_its_own_worker_only(zones: Zones, database: str, tmp_path: Path) -> None:
    a, b = zones.a, zones.b
    outcome = _run(zones, database, tmp_path, {"za": a.network, "zb": b.network}, tools=True)
    assert (outcome.scans["tcp"]["status"], outcome.scans["tools_basic"]["status"]) == ("DONE", "DONE")
    stored = _stored(database)
    assert stored.scans == {"tcp": ("DONE", None), "tools_basic": ("DONE", None)}
    assert stored.ports == {
        a.hosts[0].ip: {(21, "ftp"), (8080, "http")},
        a.hosts[1].ip: {(22, "ssh")},
        b.hosts[0].ip: {(21, "ftp"), (25, "smtp")},
        b.hosts[1].ip: {(21, "ftp"), (8080, "http")},
    }
    assert stored.checks == {
        (a.hosts[0].ip, 21, FTP_ANON, "DONE"),
        (a.hosts[0].ip, 8080, BYTERANGE, "DONE"),
        (b.hosts[0].ip, 21, FTP_ANON, "DONE"),
        (b.hosts[1].ip, 21, FTP_ANON, "DONE"),
        (b.hosts[1].ip, 8080, BYTERANGE, "DONE"),
    }
    assert stored.findings == {
        (a.hosts[0].ip, 21, FTP_ANON),
        (a.hosts[0].ip, 8080, BYTERANGE),
        (b.hosts[1].ip, 21, FTP_ANON),
        (b.hosts[1].ip, 8080, BYTERANGE),
    }
    zone_of = {host.ip: name for name in NAMES for host in zones.of(name).hosts}
    assert stored.jobs and all(
        job[1:] == (zone_of[job[0]], zone_of[job[0]], "done", 1) for job in stored.jobs
    )
    worker_ip = {host.ip: zones.of(zone_of[host.ip]).worker.ip for host in a.hosts + b.hosts}
    assert _peers(zones, outcome.started) == {ip: {worker_ip[ip]} for ip in worker_ip}
    assert (outcome.exits, outcome.leftovers) == ({"za": 0, "zb": 0}, {"za": [], "zb": []})


def test_swapped_zones_fail_with_the_reason_and_reach_nothing(
    zones: Zones, database: str, tmp_path: Path
) -> None:
    """Each worker is sent the other zone's hosts, to which its namespace has no route: each host
    job fails on every attempt saying so, the scan's reason names every host, and it found no
    port, ran no check and sent no packet to any host."""
    a, b = zones.a, zones.b
    outcome = _run(zones, database, tmp_path, {"za": b.network, "zb": a.network}, tools=False)
    assert (outcome.scans["tcp"]["nodes"], outcome.scans["tcp"]["ports"]) == (4, 0)
    assert "tools_basic" not in outcome.scans  # nothing found, so nothing to check
    stored = _stored(database)
    assert (stored.ports, stored.checks, stored.findings) == ({}, set(), set())
    other = {host.ip: name for name, zone in (("zb", a), ("za", b)) for host in zone.hosts}
    assert sorted(stored.jobs) == sorted((ip, name, name, "failed", 3) for ip, name in other.items())
    assert stored.details == {
        ip: f"attempt 3: NoRoute: no route to {ip} from worker {name} (Network is unreachable): "
        f"is {ip} in zone {name}?"
        for ip, name in other.items()
    }
    status, reason = stored.scans["tcp"]
    assert status == "DONE"
    assert sorted((reason or "").split("; ")) == sorted(f"tcp scan of {ip}: job failed" for ip in other)
    assert _peers(zones, outcome.started) == {ip: set() for ip in other}
    assert (outcome.exits, outcome.leftovers) == ({"za": 0, "zb": 0}, {"za": [], "zb": []})


def test_a_killed_workers_job_is_taken_over_by_another_worker_of_its_zone(
    zones: Zones, database: str, tmp_path: Path
) -> None:
    """kill -9 of the zone a worker that took the job, while its nmap -sV waits on the silent
    port: its nmap dies with it (nothing left in its namespace), the service's recovery queues the
    job again, and zone a's other worker (another namespace, another address) runs it: the port
    recorded once, the job's second attempt started within the bound, the host touched by those
    two workers only."""
    a, target = zones.a, zones.a.hosts[1]
    port = api_port()
    tcp = {
        "networks": {"include": [f"{target.ip}/32"]},
        "ports": {"include": [str(SILENT)], "exclude": []},
        "host_discovery": False,
        "host_timeout": "4s",
        "version_intensity": 9,
        "run_after": [],
    }
    config = _config(tmp_path / "aucote.yaml", port, {"za": a.network, "zb": zones.b.network}, tcp)
    url = zone_url(database, a)
    workers = [spawn_worker(a, "za", url, config, tmp_path / f"za-{i}.log", index=i) for i in (0, 1)]
    names = ["za", "za-1"]
    try:
        with running_service(config, database, port, tmp_path / "service.log") as service:
            service.wait("zone a's workers", lambda: _alive(service) == set(names), timeout=30)
            forget_neighbours(zones.a, zones.b)
            started = time.time()
            assert service.post("/scanner/tcp/start").status_code == 202
            doomed, tools = _wait_for_nmap(a.workers)
            os.kill(workers[doomed].pid, signal.SIGKILL)
            killed = time.time()
            workers[doomed].wait(10)
            left = _still_running(tools, a.workers[doomed])
            service.wait("the scan to end", lambda: _ended(service, tools=False), timeout=60)
            status = {scan["scanner"]: scan for scan in service.scans()}["tcp"]["status"]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                _exit(worker)
    other = 1 - doomed
    assert left == []
    assert status == "DONE"
    stored = _stored(database)
    assert stored.ports == {target.ip: {(SILENT, None)}}
    assert stored.jobs == [(target.ip, "za", names[other], "done", 2)]
    assert _second_attempt_started(database) - killed <= BOUND
    before, after = _peers_around(zones, target.ip, started, killed + 1.0)
    assert (before, after) == ({a.workers[doomed].ip}, {a.workers[other].ip})


def _wait_for_nmap(hosts: list[LabHost], timeout: float = 30.0) -> tuple[int, list[int]]:
    """Which of the worker `hosts` runs an nmap -sV (once one does), and that nmap's pids."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for index, host in enumerate(hosts):
            found = [pid for pid in namespace_pids(host) if _is_service_scan(pid)]
            if found:
                return index, found
        time.sleep(0.1)
    raise AssertionError(f"no nmap -sV in {[host.name for host in hosts]} within {timeout} s")


def _is_service_scan(pid: int) -> bool:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return argv[0].endswith(b"nmap") and b"-sV" in argv


def _still_running(tools: list[int], host: LabHost, timeout: float = 5.0) -> list[int]:
    """What of the killed worker's tools and namespace still runs after `timeout` at most."""
    deadline = time.monotonic() + timeout
    while True:
        left = sorted({pid for pid in tools if alive(pid)} | set(namespace_pids(host)))
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def _second_attempt_started(url: str) -> float:
    engine = open_engine(url)
    try:
        with engine.connect() as connection:
            return float(connection.execute(select(queue_jobs.c.started)).scalar_one())
    finally:
        engine.dispose()


def _peers_around(zones: Zones, ip: str, since: float, split: float) -> tuple[set[str], set[str]]:
    """Who contacted `ip` from `since` to `split`, and who sent it a TCP, UDP or ICMP packet after
    `split`. (A killed worker's namespace still has its kernel: it may send an ARP probe for a
    neighbour it last talked to, seconds after the worker died.)"""
    contacts = [contact for contact in zones.a.lab.contacts(zones.logs[ip]) if contact.time >= since]
    after = {c.peer for c in contacts if c.time >= split and c.protocol != "arp"}
    return {c.peer for c in contacts if c.time < split}, after
