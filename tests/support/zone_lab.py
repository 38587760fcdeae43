"""Two network zones of namespace hosts, a PostgreSQL both reach, and real workers inside them.

    with zone_labs(2) as (a, b), zone_cluster(a, b) as cluster:
        a.lab.ftp_server(a.hosts[0], 21)       # a's targets: <subnet a>.2 .. .3
        worker = spawn_worker(a, "dmz", zone_url(url, a), config, log)   # in a.worker: <subnet a>.4

Each zone is a netns_lab of its own (`<LAB_NAME>a`, `<LAB_NAME>b`: own bridge and /24): its first
hosts are the scan targets, the others the worker hosts. A worker host has the zone's bridge and
nothing else (no default route): from it the zone's hosts and the bridge's address (this machine:
PostgreSQL listens there) answer, the other zone's hosts are unreachable. The cluster
listens on 127.0.0.1 (the service) and on each zone's gateway, letting the zones' /24 in.
Everything is removed at the end, also when the block fails: the labs kill whatever runs in
their namespaces, workers included.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.support.netns_lab import LAB_NAME, Lab, LabHost, ip, netns_lab
from tests.support.postgres import Cluster, private_cluster

SRC = Path(__file__).parents[2] / "src"


@dataclass(frozen=True, slots=True)
class ZoneLab:
    """One zone's lab: its scan targets and the hosts its workers run in."""

    lab: Lab
    targets: int

    @property
    def hosts(self) -> list[LabHost]:
        """The hosts to scan (the lab's first `targets`)."""
        return self.lab.hosts[: self.targets]

    @property
    def workers(self) -> list[LabHost]:
        """The namespaces workers run in (the lab's other hosts)."""
        return self.lab.hosts[self.targets :]

    @property
    def worker(self) -> LabHost:
        """The first worker host."""
        return self.workers[0]

    @property
    def network(self) -> str:
        """The zone's /24."""
        return self.lab.network


@contextmanager
def zone_labs(targets: int, workers: int = 1) -> Iterator[tuple[ZoneLab, ZoneLab]]:
    """Two zones of `targets` hosts and `workers` worker hosts each, removed afterwards."""
    count = targets + workers
    with netns_lab(count, f"{LAB_NAME}a") as first, netns_lab(count, f"{LAB_NAME}b") as second:
        yield ZoneLab(first, targets), ZoneLab(second, targets)


@contextmanager
def zone_cluster(*zones: ZoneLab, port: int | None = None) -> Iterator[Cluster]:
    """A private PostgreSQL on 127.0.0.1 and on each zone's gateway; its URL names 127.0.0.1."""
    addresses = ("127.0.0.1", *(zone.lab.gateway for zone in zones))
    with private_cluster(addresses, [zone.network for zone in zones], port) as cluster:
        yield cluster


def zone_url(url: str, zone: ZoneLab) -> str:
    """`url` (a database on the zone cluster) as a worker inside `zone` reaches it: its gateway."""
    return make_url(url).set(host=zone.lab.gateway).render_as_string(hide_password=False)


def spawn_worker(
    zone: ZoneLab, zone_name: str, url: str, config: Path, log: Path, index: int = 0
) -> "subprocess.Popen[bytes]":
    """A real `aucote worker --zone ZONE_NAME` in the zone's worker host `index`, named ZONE_NAME
    (worker 0) or ZONE_NAME-INDEX, connected to the database `url` (as `zone_url` gives it), its
    output in `log`. The lab kills it at the end if the test did not."""
    name = zone_name if index == 0 else f"{zone_name}-{index}"
    argv = [sys.executable, "-m", "aucote", "worker", "--zone", zone_name, "--name", name]
    argv += ["--concurrency", "4", "--db", url, "-c", str(config)]
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONUNBUFFERED": "1"}
    env.pop("AUCOTE_DATABASE_URL", None)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            zone.workers[index].argv(argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    zone.lab.processes.append(proc)
    return proc


def namespace_pids(host: LabHost) -> list[int]:
    """Every process inside the host's namespace."""
    return [int(pid) for pid in ip("netns", "pids", host.name, check=False).stdout.split()]


def forget_neighbours(*zones: ZoneLab) -> None:
    """Flush the worker hosts' neighbour (ARP) tables: a kernel probes a neighbour again a few
    seconds after it last talked to it, even when the worker that did is gone, and such a probe
    would show up in a target's contacts during the next scan."""
    for zone in zones:
        for host in zone.workers:
            ip("-n", host.name, "neigh", "flush", "all")
