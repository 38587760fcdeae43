"""A run with `record_idle=False` (the service's scheduled runs) that finds nothing to do records
no scan; one with work records its scans as before; one that fails is still recorded."""

import asyncio
import time
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Engine

from aucote.checks.registry import build_checks
from aucote.engine.options import ScanOptions
from aucote.engine.pipeline import ScanPipeline
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.model.status import ScanStatus
from aucote.model.target import Port
from aucote.storage.repository.exploits import sync_exploits
from aucote.storage.tables import node_scans, scans
from tests.engine.scanning import catalog, loopback_ip, rows, tcp_options
from tests.support.banner_server import banner_server


def _idle_run(
    engine: Engine,
    options: ScanOptions,
    *,
    ports: Sequence[Port] | None = None,
    skip: frozenset[str] = frozenset(),
) -> ScanResult:
    with engine.begin() as connection:
        sync_exploits(connection, catalog().exploits)
    pipeline = ScanPipeline(
        options,
        Recorder(engine, time.time),
        catalog(),
        build_checks(catalog()),
        skip_hosts=skip,
        record_idle=False,
    )
    return asyncio.run(pipeline.run(ports=ports))


def test_a_tools_run_without_ports_records_nothing(scan_db: Engine) -> None:
    result = _idle_run(scan_db, tcp_options(["127.0.0.1"], "80"), ports=[])
    assert (result.status, result.scan_ids, rows(scan_db, scans)) == (ScanStatus.DONE, {}, [])


def test_a_port_scan_whose_hosts_are_all_recent_records_nothing(scan_db: Engine) -> None:
    ip = loopback_ip()
    result = _idle_run(scan_db, tcp_options([ip], "22"), skip=frozenset({ip}))
    assert (result.status, result.scan_ids, rows(scan_db, scans)) == (ScanStatus.DONE, {}, [])


def test_a_port_scan_with_a_due_host_records_its_scans(scan_db: Engine) -> None:
    ip = loopback_ip()
    with banner_server("SSH-2.0-OpenSSH_8.9p1", host=ip) as server:
        options = tcp_options([ip], str(server.server_address[1]), scripts=[72])
        result = _idle_run(scan_db, replace(options, run_checks=False))
    assert result.status is ScanStatus.DONE and result.open_ports == 1
    assert [(row.scanner, row.status) for row in rows(scan_db, scans)] == [("tcp", "DONE")]
    assert [row.node_id for row in rows(scan_db, node_scans)] == [1]


def test_a_run_that_fails_before_any_host_is_recorded_failed(scan_db: Engine) -> None:
    options = replace(tcp_options(["127.0.0.0/30"], "22", discovery=True), nmap="/nonexistent/nmap")
    result = _idle_run(scan_db, options)
    assert result.status is ScanStatus.FAILED
    assert {(row.scanner, row.status) for row in rows(scan_db, scans)} == {
        ("tcp", "FAILED"),
        ("tools_basic", "FAILED"),
    }
