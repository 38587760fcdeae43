"""The open ports a hosts export reads: each (node, protocol, port) of the port scans that the
API's port list shows for the same filter, once, with the first and last time it was seen, how
many port scans saw it, the newest of them and the newest service detected — computed here
independently from the list's own rows — whatever the batch size (keyset on node, protocol, port)."""

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from aucote.export.hosts import host_batches
from aucote.model.status import ScanStatus
from aucote.model.target import Service
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.paging import Window
from aucote.storage.queries.port_scans import PortScanFilter, PortScanRow, ServiceRow, list_port_scans
from aucote.storage.repository import nodes, port_scans, scans
from aucote.storage.repository.records import NewPortScan
from tests.support.seeded_db import empty_database

TCP, UDP = 6, 17
EPOCH = 1700000000.0
SSH = Service("ssh", "OpenSSH", "9.2p1", "cpe:/a:openbsd:openssh:9.2p1")
HTTP = Service("http", "nginx", "1.22.1")
# scan, scanner, protocol, start; then per scan the ports found open: (node, port, protocol, service)
SCANS = [
    (1, "tcp", TCP, EPOCH, [(1, 22, TCP, SSH), (1, 80, TCP, HTTP), (2, 53, TCP, None), (3, 443, TCP, None)]),
    (2, "udp", UDP, EPOCH + 100, [(1, 53, UDP, Service("domain")), (2, 53, UDP, None), (2, 161, UDP, None)]),
    (3, "tcp", TCP, EPOCH + 200, [(1, 22, TCP, None), (1, 80, TCP, Service("http", "nginx", "1.24.0")),
                                  (2, 53, TCP, Service("domain")), (3, 8080, TCP, None)]),
    (4, "tcp", TCP, EPOCH + 300, [(1, 22, TCP, None), (3, 443, TCP, Service("https"))]),
]  # fmt: skip
FILTERS = [
    PortScanFilter(),
    PortScanFilter(scan_id=3),
    PortScanFilter(node_id=1),
    PortScanFilter(node_ip="10.0.0.2"),
    PortScanFilter(port=53),
    PortScanFilter(protocol=UDP),
    PortScanFilter(port=53, protocol=TCP),
    PortScanFilter(scanner="tcp"),
    PortScanFilter(since=EPOCH + 100, until=EPOCH + 300),
    PortScanFilter(node_id=99),
]


@pytest.fixture(scope="module")
def ports(
    db_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """Three nodes, four scans, ports seen once or several times, services detected or not (not to
    be written by tests)."""
    with empty_database(db_backend, request, tmp_path_factory) as url:
        yield from _ports(url)


def _ports(url: str) -> Iterator[Engine]:
    engine = open_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        for node in (1, 2, 3):
            nodes.add_node(connection, f"10.0.0.{node}", EPOCH, node)
        for scan_id, scanner, protocol, start, found in SCANS:
            scans.start_scan(connection, scanner, protocol, start, scan_id=scan_id)
            scans.end_scan(connection, scan_id, start + 50, ScanStatus.DONE)
            rows = [
                NewPortScan(scan_id, node, port, proto, start + index, service)
                for index, (node, port, proto, service) in enumerate(found)
            ]
            port_scans.add_port_scans(connection, rows)
    yield engine
    engine.dispose()


def expected(engine: Engine, where: PortScanFilter) -> list[tuple[Any, ...]]:
    """What the export must hold, from the API list's rows (newest first)."""
    with engine.connect() as connection:
        page = list_port_scans(connection, where, Window(1000, 0))
    assert not page.has_next
    groups: dict[tuple[int, int, int], list[PortScanRow]] = {}
    for row in page.rows:
        groups.setdefault((row.node.id, row.protocol, row.port), []).append(row)
    return [_summary(key, groups[key]) for key in sorted(groups)]


def _summary(key: tuple[int, int, int], rows: list[PortScanRow]) -> tuple[Any, ...]:
    newest = rows[0]
    service = next((row.service for row in rows if row.service is not None), None)
    times = [row.time for row in rows]
    return (
        key,
        newest.node.ip,
        min(times),
        max(times),
        len(rows),
        newest.scan.id,
        newest.scan.scanner,
        service,
    )


@pytest.mark.parametrize("where", FILTERS, ids=repr)
@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_open_ports_are_the_api_lists(ports: Engine, where: PortScanFilter, batch: int) -> None:
    records = [record for rows in host_batches(ports, where, batch) for record in rows]
    summaries = [
        (
            (record.place.node_id, record.place.protocol, record.place.port),
            record.place.ip,
            record.first_seen,
            record.last_seen,
            record.seen,
            record.scan_id,
            record.scanner,
            record.service,
        )
        for record in records
    ]
    assert summaries == expected(ports, where)


def test_the_newest_detected_service_is_kept(ports: Engine) -> None:
    """22/TCP of node 1: seen by scans 1, 3, 4; only scan 1 detected the service."""
    [[record]] = list(host_batches(ports, PortScanFilter(node_id=1, port=22)))
    assert (record.seen, record.scan_id) == (3, 4)
    assert record.service == ServiceRow("ssh", "OpenSSH", "9.2p1", "cpe:/a:openbsd:openssh:9.2p1", None)


def test_all_ports_once(ports: Engine) -> None:
    records = [record for rows in host_batches(ports, PortScanFilter(), batch=3) for record in rows]
    assert [(r.place.ip, r.place.port, r.place.protocol) for r in records] == [
        ("10.0.0.1", 22, TCP), ("10.0.0.1", 80, TCP), ("10.0.0.1", 53, UDP),
        ("10.0.0.2", 53, TCP), ("10.0.0.2", 53, UDP), ("10.0.0.2", 161, UDP),
        ("10.0.0.3", 443, TCP), ("10.0.0.3", 8080, TCP),
    ]  # fmt: skip
