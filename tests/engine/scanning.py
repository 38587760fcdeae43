"""Running a real scan from a test, and reading back what it stored and what nmap itself sees."""

import asyncio
import functools
import random
import subprocess
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from ipaddress import ip_network

from sqlalchemy import ColumnElement, Engine, Row, Table, select

from aucote.catalog.catalog import Catalog
from aucote.catalog.loader import load_catalog
from aucote.checks.contract import Check
from aucote.checks.registry import build_checks
from aucote.engine.options import PortScanOptions, ScanOptions, ToolOptions
from aucote.engine.pipeline import ScanPipeline
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.storage.repository.exploits import sync_exploits
from aucote.tools.runner import Runner, run_tool
from tests.support.ports import RESERVED_PORTS

NEVER_SCANNED = ",".join(map(str, sorted(RESERVED_PORTS)))
"""Ports of this machine excluded from every scan the tests make (2024)."""

FTP_ANON, BYTERANGE, HTTP_HEADERS = 7, 72, 63


@functools.cache
def catalog() -> Catalog:
    """The shipped catalogue (loaded once per session)."""
    return load_catalog()


def loopback_ip() -> str:
    """A loopback address of its own for one test (127.77.x.y: nothing else binds there)."""
    return f"127.77.{random.randint(1, 254)}.{random.randint(1, 254)}"


def tcp_options(
    include: Sequence[str],
    ports: str,
    *,
    exclude: Sequence[str] = (),
    exclude_ports: Sequence[int] = (),
    scripts: Sequence[int] = (),
    discovery: bool = False,
    tools: Mapping[str, ToolOptions] | None = None,
    nmap: str = "nmap",
) -> ScanOptions:
    """A TCP scan of `include` minus `exclude` on `ports` (never 2024) running the exploits `scripts`."""
    never = ",".join([NEVER_SCANNED, *map(str, exclude_ports)])
    scan = PortScanOptions("tcp", Protocol.TCP, ports, exclude_ports=never, host_discovery=discovery)
    targets = TargetSet(tuple(map(ip_network, include)), tuple(map(ip_network, exclude)))
    return ScanOptions(
        targets=targets,
        port_scans=(scan,),
        scripts=tuple(scripts),
        tools=tools or {},
        privileged=True,
        nmap=nmap,
    )


def run_scan(
    engine: Engine, options: ScanOptions, checks: Mapping[str, Check] | None = None, runner: Runner = run_tool
) -> ScanResult:
    """One whole scan run into `engine`, as `aucote scan` does it."""
    with engine.begin() as connection:
        sync_exploits(connection, catalog().exploits)
    recorder = Recorder(engine, time.time)
    pipeline = ScanPipeline(options, recorder, catalog(), checks or build_checks(catalog()), runner=runner)
    return asyncio.run(pipeline.run())


def rows(engine: Engine, table: Table, *where: ColumnElement[bool]) -> list[Row[tuple[object, ...]]]:
    """Rows of `table` matching `where`."""
    with engine.connect() as connection:
        return list(connection.execute(select(table).where(*where)))


def nmap_open_ports(ip: str, ports: str = "-") -> set[int]:
    """The open TCP ports of `ip` by a plain `nmap -n -Pn -sS -p PORTS` (2024 excluded)."""
    argv = ["nmap", "-n", "-Pn", "-sS", "-T4", "-p", ports, "--exclude-ports", NEVER_SCANNED, "-oX", "-", ip]
    report = subprocess.run(argv, capture_output=True, check=True, timeout=120).stdout
    found = ElementTree.fromstring(report).iterfind("host/ports/port")
    return {int(port.get("portid", 0)) for port in found if port.find("state").get("state") == "open"}  # type: ignore[union-attr]
