"""Two network zones of namespace hosts, a PostgreSQL both reach, and real workers inside them.

    with zone_labs(3) as (a, b), zone_cluster(a, b) as cluster:
        a.lab.ftp_server(a.hosts[0], 21)                  # a's hosts: <subnet a>.2 .. .3
        worker = spawn_worker(a, cluster.url, config, log, "wa")   # runs in a.worker (<subnet a>.4)

Each zone is a netns_lab of its own (`<LAB_NAME>a`, `<LAB_NAME>b`: own bridge and /24); its last
host is the zone's worker host, the others are scan targets. The worker host has the zone's bridge
and nothing else (no default route): from it the zone's hosts and the bridge's address (this
machine: PostgreSQL listens there) answer, the other zone's hosts are unreachable. The cluster
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
    """One zone's lab: its scan targets and the host its worker runs in."""

    lab: Lab

    @property
    def hosts(self) -> list[LabHost]:
        """The hosts to scan (every lab host but the last)."""
        return self.lab.hosts[:-1]

    @property
    def worker(self) -> LabHost:
        """The namespace the zone's worker runs in (the lab's last host)."""
        return self.lab.hosts[-1]

    @property
    def network(self) -> str:
        """The zone's /24."""
        return self.lab.network


@contextmanager
def zone_labs(count: int) -> Iterator[tuple[ZoneLab, ZoneLab]]:
    """Two zones of `count` hosts each (the last one the worker's), removed afterwards."""
    with netns_lab(count, f"{LAB_NAME}a") as first, netns_lab(count, f"{LAB_NAME}b") as second:
        yield ZoneLab(first), ZoneLab(second)


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
    zone: ZoneLab, zone_name: str, url: str, config: Path, log: Path
) -> "subprocess.Popen[bytes]":
    """A real `aucote worker --zone ZONE_NAME --name ZONE_NAME` in the zone's worker namespace,
    connected to the database `url` (as `zone_url` gives it), its output in `log`. The lab kills it
    at the end if the test did not."""
    argv = [sys.executable, "-m", "aucote", "worker", "--zone", zone_name, "--name", zone_name]
    argv += ["--concurrency", "4", "--db", url, "-c", str(config)]
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONUNBUFFERED": "1"}
    env.pop("AUCOTE_DATABASE_URL", None)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            zone.worker.argv(argv), stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    zone.lab.processes.append(proc)
    return proc


def namespace_pids(host: LabHost) -> list[int]:
    """Every process inside the host's namespace."""
    return [int(pid) for pid in ip("netns", "pids", host.name, check=False).stdout.split()]
