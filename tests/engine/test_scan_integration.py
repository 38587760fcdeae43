"""End to end on loopback, on SQLite and PostgreSQL: real services, real nmap, stored rows and the API.

One scan of a private loopback address running a vulnerable range server, a plain http.server, an
FTP server letting anonymous in, one refusing it, and a recording listener on an excluded port."""

import functools
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.engine.result import ScanResult
from aucote.model.status import CheckStatus, ScanStatus
from aucote.storage.tables import daily_totals, port_scans, scans, security_scans, vulnerabilities
from tests.engine.scanning import BYTERANGE, FTP_ANON, loopback_ip, rows, run_scan, tcp_options
from tests.support.ftp_server import make_server as ftp
from tests.support.listeners import ContactRecorder, recording_listener
from tests.support.range_server import make_server as range_server
from tests.support.threaded_server import serving_in_thread

pytestmark = pytest.mark.nmap


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@dataclass(frozen=True)
class Loopback:
    """The services of one test and the recorder of the excluded port."""

    ip: str
    vulnerable_http: int
    plain_http: int
    anonymous_ftp: int
    closed_ftp: int
    excluded: int
    recorder: ContactRecorder

    @property
    def ports(self) -> str:
        """The services' ports and the neighbourhood of the excluded port, as a port spec."""
        services = (self.vulnerable_http, self.plain_http, self.anonymous_ftp, self.closed_ftp)
        return ",".join(map(str, services)) + f",{self.excluded - 10}-{self.excluded + 10}"


@pytest.fixture
def loopback(tmp_path: Path) -> Iterator[Loopback]:
    """The five services on a fresh loopback address."""
    ip = loopback_ip()
    files = functools.partial(_QuietFiles, directory=str(tmp_path))
    with ExitStack() as stack:
        ports = [
            stack.enter_context(serving_in_thread(server)).server_address[1]
            for server in (
                range_server(ip),
                ThreadingHTTPServer((ip, 0), files),
                ftp(ip, anonymous=True),
                ftp(ip, anonymous=False),
            )
        ]
        recorder = stack.enter_context(recording_listener(ip))
        vulnerable, plain, anonymous, closed = ports
        yield Loopback(ip, vulnerable, plain, anonymous, closed, recorder.ports[0], recorder)


def _scan(engine: Engine, loopback: Loopback) -> ScanResult:
    options = tcp_options(
        [loopback.ip], loopback.ports, exclude_ports=[loopback.excluded], scripts=[BYTERANGE, FTP_ANON]
    )
    return run_scan(engine, options)


def test_scan_runs_the_right_checks_and_stores_their_findings(engine: Engine, loopback: Loopback) -> None:
    result = _scan(engine, loopback)
    assert (result.status, result.problems) == (ScanStatus.DONE, [])
    tcp, tools = result.scan_ids["tcp"], result.scan_ids["tools_basic"]
    assert {row.port for row in rows(engine, port_scans, port_scans.c.scan_id == tcp)} == {
        loopback.vulnerable_http,
        loopback.plain_http,
        loopback.anonymous_ftp,
        loopback.closed_ftp,
    }
    _assert_checks(engine, loopback, tools)
    found = rows(engine, vulnerabilities, vulnerabilities.c.scan_id == tools)
    assert sorted((row.exploit_id, row.port) for row in found) == [
        (FTP_ANON, loopback.anonymous_ftp),
        (BYTERANGE, loopback.vulnerable_http),
    ]
    assert {row.status for row in rows(engine, scans)} == {"DONE"}
    _assert_totals(engine, found)
    _assert_never_contacted(loopback)
    _assert_api(engine, loopback, tcp, tools)


def _assert_totals(engine: Engine, found: list[Any]) -> None:
    """The scan's end wrote today's totals: each finding open, and opened today."""
    risks = [row.risk_level for row in found if row.risk_level != "None"]
    expected = {level: (risks.count(level), risks.count(level), 0) for level in ("Low", "Medium", "High")}
    totals = rows(engine, daily_totals)
    assert {row.day for row in totals} == {datetime.now(UTC).date()}
    assert {row.risk_level: (row.open, row.opened, row.resolved) for row in totals} == expected


def _assert_never_contacted(loopback: Loopback) -> None:
    """Not one packet reached the excluded port, while the recorder saw its neighbours scanned."""
    excluded, contacts = loopback.excluded, loopback.recorder.contacts
    assert {contact.port for contact in contacts} >= {excluded - 1, excluded + 1}
    assert [contact for contact in contacts if contact.port == excluded] == []


def _expected_checks(loopback: Loopback) -> set[tuple[int, int]]:
    http, ftp = (loopback.vulnerable_http, loopback.plain_http), (loopback.anonymous_ftp, loopback.closed_ftp)
    return {(BYTERANGE, port) for port in http} | {(FTP_ANON, port) for port in ftp}


def _assert_checks(engine: Engine, loopback: Loopback, tools: int) -> None:
    """Each exploit ran on its ports only, DONE, within the scan's time."""
    (scan,) = rows(engine, scans, scans.c.id == tools)
    checks = rows(engine, security_scans, security_scans.c.scan_id == tools)
    assert {(row.exploit_id, row.port) for row in checks} == _expected_checks(loopback)
    for row in checks:
        assert row.status == CheckStatus.DONE, row
        assert scan.start <= row.start <= row.end <= scan.end


def _assert_api(engine: Engine, loopback: Loopback, tcp: int, tools: int) -> None:
    """The API shows the same ports, security scans and findings."""
    with TestClient(create_app(engine)) as client:
        ports = client.get(f"/api/v1/ports?scan_id={tcp}&limit=100").json()["ports"]
        checks = client.get(f"/api/v1/sec_scans?scan_id={tools}&limit=100").json()["security_scans"]
        found = client.get(f"/api/v1/vulnerabilities?scan_id={tools}&limit=100").json()["vulnerabilities"]
    assert {item["port"]["node"]["ip"] for item in ports + checks + found} == {loopback.ip}
    assert len(ports) == 4
    ran = {(item["exploit"]["id"], item["port"]["port_number"]) for item in checks}
    assert ran == _expected_checks(loopback)
    assert all(item["scan_start"] <= item["scan_end"] for item in checks)
    vulnerable = [(item["exploit"]["name"], item["port"]["port_number"]) for item in found]
    assert sorted(vulnerable) == [
        ("ftp-anon", loopback.anonymous_ftp),
        ("http-vuln-cve2011-3192", loopback.vulnerable_http),
    ]
    byterange = next(item for item in found if item["exploit"]["id"] == BYTERANGE)
    assert (byterange["cve"], byterange["output"][:10]) == ("CVE-2011-3192", "VULNERABLE")
