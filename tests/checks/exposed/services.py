"""Real services started on loopback for the exposed-service probes, each with a safe and an
exposed configuration: redis-server, memcached, snmpd, pyftpdlib. A test fails when the
program (or Python package) is not installed."""

import asyncio
import os
import shutil
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from aucote.checks.exposed.snmp_message import SnmpReply, engine
from aucote.checks.exposed.snmp_message import get as snmp_get
from tests.support.ports import free_port, serving

SYS_DESCR = "1.3.6.1.2.1.1.1.0"


def program(name: str) -> str:
    """Path of an installed program; fails the test when it is missing (`make setup` installs it)."""
    found = shutil.which(name) or next(
        (str(Path(d, name)) for d in ("/usr/sbin", "/sbin") if Path(d, name).exists()), None
    )
    if found is None:
        pytest.fail(f"{name} is not installed: run `make setup` (scripts/setup-system.sh)")
    return found


@contextmanager
def redis_server(directory: Path, password: str | None = None) -> Iterator[int]:
    """redis-server without persistence; with `requirepass` when a password is given."""
    port = free_port()
    argv = [program("redis-server"), "--port", str(port), "--bind", "127.0.0.1"]
    argv += ["--save", "", "--appendonly", "no", "--dir", str(directory)]
    argv += ["--requirepass", password] if password else []
    with serving(argv, port):
        yield port


@contextmanager
def memcached_server(directory: Path, password: str | None = None) -> Iterator[int]:
    """memcached on TCP only; with ASCII authentication (`-Y`) when a password is given."""
    port = free_port()
    argv = [program("memcached"), "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-m", "8"]
    argv += ["-u", "root"] if os.geteuid() == 0 else []
    if password:
        auth = directory / "memcached-auth"
        auth.write_text(f"aucote:{password}\n")
        argv += ["-Y", str(auth)]
    with serving(argv, port):
        yield port


@contextmanager
def ftp_server(directory: Path, anonymous: bool) -> Iterator[int]:
    """pyftpdlib serving `directory` read-only, to anonymous users or only to a named one."""
    port = free_port()
    argv = [sys.executable, "-m", "pyftpdlib", "-i", "127.0.0.1", "-p", str(port), "-d", str(directory)]
    argv += [] if anonymous else ["-u", "alice", "-P", "wonderland"]
    with serving(argv, port):
        yield port


@contextmanager
def snmpd(directory: Path, community: str) -> Iterator[int]:
    """net-snmp's agent answering read-only `community` on a high UDP port of 127.0.0.1 (and on a TCP
    port, used only to know when it is up). Yields the UDP port once the agent has answered."""
    udp, tcp = free_port(kind=socket.SOCK_DGRAM), free_port()
    config = directory / "snmpd.conf"
    config.write_text(f"rocommunity {community} 127.0.0.1\n")
    argv = ["env", f"SNMP_PERSISTENT_DIR={directory}", program("snmpd"), "-f", "-Lf", "/dev/null"]
    argv += ["-C", "-c", str(config), "-I", "-smux", "-p", str(directory / "snmpd.pid")]
    argv += [f"udp:127.0.0.1:{udp}", f"tcp:127.0.0.1:{tcp}"]
    with serving(argv, tcp):
        wait_for_snmp(udp, community)
        yield udp


def wait_for_snmp(port: int, community: str, timeout: float = 10.0) -> str:
    """sysDescr.0 read with the right community (v2c, through pysnmp): proves the agent is up and
    answers that community."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if reply := asyncio.run(_ask(port, community)):
            return reply.bindings[0][1]
    raise TimeoutError(f"snmpd on UDP {port} did not answer community {community!r}")


async def _ask(port: int, community: str) -> SnmpReply | None:
    snmp = engine()
    try:
        return await snmp_get(snmp, ("127.0.0.1", port), 1, community, SYS_DESCR, 0.3)
    finally:
        snmp.close_dispatcher()
