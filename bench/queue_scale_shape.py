"""The shape of a real scan, for bench/queue_scale_bench.py: the ports, security scans and jobs of
each host of scan_bench's lab (8 hosts, 33 TCP ports, every port 1-65535, profile basic), planned
by Aucote's own planner with the default settings, and the JSON of its host and checks jobs as the
coordinator (aucote.queue.coordinator) builds them."""

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from ipaddress import ip_address

from bench.scan_bench import PLAN
from sqlalchemy import Engine

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check, Selected
from aucote.config.settings import Settings
from aucote.cve.records import CveCriterion
from aucote.engine.from_settings import scan_options
from aucote.engine.options import ScanOptions
from aucote.engine.planning import PortPlan, plan_node, plan_port
from aucote.model.jobs import JobState
from aucote.model.protocol import Protocol
from aucote.model.target import Node, Port, Service
from aucote.queue.app import CHECKS_TASK, HOST_TASK
from aucote.queue.coordinator import Queued, queued
from aucote.queue.jobs import CheckJob, HostJob
from aucote.queue.kit import in_transaction
from aucote.queue.queue import JobQueue
from aucote.storage.repository import queue_jobs
from aucote.storage.repository.queue_jobs import NewJob

APACHE = Service(
    name="http", product="Apache httpd", version="2.2.19", cpe="cpe:/a:apache:http_server:2.2.19"
)
SERVICES = {
    "http": Service(name="http", product="SimpleHTTPServer", version="0.6", cpe="cpe:/a:python:python:3.11"),
    "range": APACHE,
    "ftp": Service(name="ftp", product="pyftpdlib"),
    "ftp-closed": Service(name="ftp", product="pyftpdlib"),
    "ssh": Service(
        name="ssh", product="OpenSSH", version="8.9p1 Ubuntu 3ubuntu0.6", cpe="cpe:/a:openbsd:openssh:8.9p1"
    ),
    "smtp": Service(name="smtp", product="Postfix smtpd", cpe="cpe:/a:postfix:postfix"),
    "pop3": Service(name="pop3", product="Dovecot pop3d", cpe="cpe:/a:dovecot:dovecot"),
    "imap": Service(name="imap", product="Dovecot imapd", cpe="cpe:/a:dovecot:dovecot"),
}
"""What nmap -sV names on the lab's services (scan_bench's kinds)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HostShape:
    """One lab host: its open ports and the plan of each (a security scan per planned exploit)."""

    plans: tuple[tuple[Port, PortPlan], ...]

    @property
    def ports(self) -> int:
        return len({(port.number, port.protocol) for port, _plan in self.plans})

    @property
    def security_scans(self) -> int:
        return sum(len(plan.exploits) for _port, plan in self.plans)

    def batches(self, apps: Mapping[str, Check], per_job: int) -> list[tuple[Port, str, list[Selected]]]:
        """The checks jobs of the host (see `plan_batches`)."""
        return [
            (port, app, group)
            for port, plan in self.plans
            for app, group in plan_batches(plan, apps, per_job)
        ]


def plan_batches(plan: PortPlan, apps: Mapping[str, Check], per_job: int) -> list[tuple[str, list[Selected]]]:
    """A port's checks jobs, as the coordinator cuts them: per app that has a check, `per_job`
    exploits at most."""
    return [
        (app, group[start : start + per_job])
        for app, group in plan.run.items()
        if app in apps
        for start in range(0, len(group), per_job)
    ]


def lab_options() -> ScanOptions:
    """`aucote scan` of every TCP port with the basic profile and the default settings."""
    return scan_options(Settings(), targets=("198.18.0.0/24",), profile="basic", ports="1-65535")


def lab_hosts(catalog: Catalog, options: ScanOptions) -> list[HostShape]:
    """The planned shape of each lab host (node ids 1..8)."""
    shapes = []
    for index, (number, services) in enumerate(sorted(PLAN.items()), start=1):
        node = Node(index, ip_address(f"198.18.0.{number}"))
        ports = [Port(node, port, Protocol.TCP, SERVICES[kind]) for kind, port in services]
        plans = [(port, plan_port(catalog, port, options)) for port in ports]
        plans += list(plan_node(catalog, ports, options).items())
        shapes.append(HostShape(plans=tuple(plans)))
    return shapes


@dataclass(frozen=True, slots=True, kw_only=True)
class LabTotals:
    """Per lab host, on average."""

    hosts: int
    ports: float
    security_scans: float
    check_jobs: float

    @property
    def jobs(self) -> float:
        """One host job (one port scanner) and the checks jobs."""
        return 1 + self.check_jobs


def totals(shapes: Sequence[HostShape], apps: Mapping[str, Check], per_job: int) -> LabTotals:
    count = len(shapes)
    return LabTotals(
        hosts=count,
        ports=sum(shape.ports for shape in shapes) / count,
        security_scans=sum(shape.security_scans for shape in shapes) / count,
        check_jobs=sum(len(shape.batches(apps, per_job)) for shape in shapes) / count,
    )


def nothing(_state: JobState) -> None:
    """A queued job's ending, unused here (nobody waits)."""


def host_job(options: ScanOptions, scan_id: int, node_id: int, ip: str, zone: str) -> Queued:
    """The coordinator's host job of one host."""
    job = HostJob.of(
        scan_id=scan_id,
        node_id=node_id,
        ip=ip,
        scan=options.port_scans[0],
        version_intensity=options.version_intensity,
    )
    return queued(job, zone, nothing)


def check_job(
    options: ScanOptions,
    scan_id: int,
    port: Port,
    app: str,
    group: Sequence[Selected],
    rows: Mapping[int, int],
    zone: str,
) -> Queued:
    """The coordinator's checks job of one batch (`rows`: exploit id → security scan id)."""
    job = CheckJob.of(
        scan_id=scan_id,
        tools_scanner=options.tools_scanner,
        port=port,
        app=app,
        group=group,
        planned=rows,
        allow_intrusive=options.allow_intrusive,
    )
    return queued(job, zone, nothing)


@dataclass(frozen=True, slots=True, kw_only=True)
class Template:
    """A job's procrastinate arguments as JSON text, `__N__` standing for the job's number."""

    task: str
    args: str


def templates(
    options: ScanOptions, scan_id: int, shape: HostShape, apps: Mapping[str, Check], per_job: int
) -> tuple[Template, Template]:
    """The host job and the first checks job of a lab host, numbered by `__N__` (key, node id,
    security scan ids): the fill's real JSON."""
    host = host_job(options, scan_id, 0, "198.18.0.2", "default").json
    host = {**host, "key": f"host:{scan_id}:__N__", "node_id": "__NODE__"}
    port, app, group = shape.batches(apps, per_job)[0]
    rows = {item.exploit.id: index for index, item in enumerate(group)}
    checks = check_job(options, scan_id, port, app, group, rows, "default").json
    checks = {
        **checks,
        "key": "checks:__N__",
        "rows": {k: f"__R{v:02d}__" for k, v in checks["rows"].items()},
    }
    return (
        Template(task=HOST_TASK, args=_numbered({"job": host})),
        Template(task=CHECKS_TASK, args=_numbered({"job": checks})),
    )


def _numbered(args: Mapping[str, object]) -> str:
    text = json.dumps(args).replace('"__NODE__"', "__N__")
    return re.sub(r'"__R(\d\d)__"', r"__N__\1", text)


def host_period(lab: LabTotals) -> int:
    """One job in `host_period` is a host job, the rest checks jobs (the lab's proportion)."""
    return max(1, math.floor(lab.jobs + 0.5))


def lab_jobs(
    options: ScanOptions,
    shapes: Sequence[HostShape],
    apps: Mapping[str, Check],
    per_job: int,
    *,
    scan_id: int,
    zone: str,
    first: int,
    count: int,
) -> list[list[Queued]]:
    """`count` jobs of lab hosts, host after host (its host job, then its checks jobs), grouped by
    host as the coordinator queues them; node and security scan ids numbered from `first`."""
    hosts: list[list[Queued]] = []
    made, number = 0, first
    while made < count:
        shape = shapes[len(hosts) % len(shapes)]
        node_id = number
        ip = f"10.{node_id >> 16 & 255}.{node_id >> 8 & 255}.{node_id & 255}"
        jobs = [host_job(options, scan_id, node_id, ip, zone)]
        for port, app, group in shape.batches(apps, per_job):
            rows = {item.exploit.id: number * 1000 + index for index, item in enumerate(group)}
            moved = Port(Node(node_id, ip_address(ip)), port.number, port.protocol, port.service)
            jobs.append(check_job(options, scan_id, moved, app, group, rows, zone))
            number += 1
        number += 1
        hosts.append(jobs[: count - made])
        made += len(hosts[-1])
    return hosts


class NoCves:
    """A CVE lookup with no data: the CVE check is present (its security scans are planned)."""

    def matches(self, vendor: str, product: str) -> list[CveCriterion]:
        return []


async def record_jobs(engine: Engine, jobs: Sequence[Queued], now: float) -> None:
    """Aucote's record of the jobs, QUEUED, in one transaction (the coordinator's `_run_jobs`)."""
    new = [NewJob(key=job.key, kind=job.kind, scan_id=job.scan_id, zone=job.zone) for job in jobs]
    await in_transaction(engine, lambda c: queue_jobs.add_jobs(c, new, now))


async def defer_jobs(engine: Engine, queue: JobQueue, jobs: Sequence[Queued]) -> None:
    """Each job on its zone's queue, one at a time, then their queue ids in one transaction (the
    coordinator's `_feed` when the zone's slots are free)."""
    ids = {job.key: await queue.defer(job.task, job.zone, job.key, job.json) for job in jobs}
    await in_transaction(engine, lambda c: queue_jobs.set_job_ids(c, ids))
