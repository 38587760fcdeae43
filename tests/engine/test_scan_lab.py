"""A whole /24 in a namespace lab: discovery, every port (-p-), services, checks, exclusions.

Hosts .2 and .3 run services; .4 is excluded and records every packet sent to it; .1 is this
machine (the bridge) and is excluded too. One scan, stored in SQLite, is examined by each test."""

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from aucote.engine.result import ScanResult
from aucote.model.status import CheckStatus, ScanStatus
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.tables import node_scans, nodes, port_scans, security_scans, vulnerabilities
from tests.engine.scanning import BYTERANGE, FTP_ANON, nmap_open_ports, rows, run_scan, tcp_options
from tests.support.netns_lab import Lab, LabHost, netns_lab

pytestmark = [pytest.mark.nmap, pytest.mark.netns]

SSH = "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"
SMTP = "220 mail.lab.test ESMTP Postfix"
SERVICES = {2: {21, 22, 8080}, 3: {25, 80, 2121}}


@dataclass(frozen=True)
class LabScan:
    """The lab, the scan's result and where it is stored."""

    lab: Lab
    result: ScanResult
    engine: Engine
    excluded_log: Path

    def host(self, index: int) -> LabHost:
        """The lab host <subnet>.<index>."""
        return next(host for host in self.lab.hosts if host.index == index)


def _start_services(lab: Lab) -> Path:
    web, files = lab.hosts[0], lab.hosts[1]
    lab.ftp_server(web, 21, anonymous=True)
    lab.banner_server(web, 22, SSH)
    lab.range_server(web, 8080)
    lab.banner_server(files, 25, SMTP, "250 ok")
    lab.http_server(files, 80)
    lab.ftp_server(files, 2121, anonymous=False)
    return lab.recorder(lab.hosts[2], [22, 80, 443])


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabScan]:
    """The lab scanned once: its /24 minus this machine (.1) and host .4."""
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('lab') / 'aucote.sqlite3'}")
    upgrade(engine)
    with netns_lab(3) as lab:
        log = _start_services(lab)
        excluded = [lab.gateway, lab.hosts[2].ip]
        options = tcp_options(
            [lab.network], "-", exclude=excluded, scripts=[BYTERANGE, FTP_ANON], discovery=True
        )
        yield LabScan(lab, run_scan(engine, options), engine, log)
    engine.dispose()


def _ip_of(engine: Engine) -> dict[int, str]:
    return {row.id: row.ip for row in rows(engine, nodes)}


def test_the_scan_is_done_and_covers_the_live_hosts_only(scanned: LabScan) -> None:
    assert (scanned.result.status, scanned.result.problems) == (ScanStatus.DONE, [])
    ips = _ip_of(scanned.engine)
    covered = {ips[row.node_id] for row in rows(scanned.engine, node_scans)}
    assert covered == {scanned.host(2).ip, scanned.host(3).ip}


def test_recorded_ports_are_exactly_what_nmap_finds_on_every_port(scanned: LabScan) -> None:
    ips = _ip_of(scanned.engine)
    tcp = rows(scanned.engine, port_scans, port_scans.c.scan_id == scanned.result.scan_ids["tcp"])
    for index, expected in SERVICES.items():
        ip = scanned.host(index).ip
        stored = {row.port for row in tcp if ips[row.node_id] == ip}
        assert stored == nmap_open_ports(ip) == expected


def test_each_exploit_ran_on_its_ports_and_found_what_is_there(scanned: LabScan) -> None:
    ips = _ip_of(scanned.engine)
    stored = rows(scanned.engine, security_scans)
    checks = {(row.exploit_id, ips[row.node_id], row.port): row.status for row in stored}
    web, files = scanned.host(2).ip, scanned.host(3).ip
    assert checks == {
        (FTP_ANON, web, 21): CheckStatus.DONE,
        (BYTERANGE, web, 8080): CheckStatus.DONE,
        (BYTERANGE, files, 80): CheckStatus.DONE,
        (FTP_ANON, files, 2121): CheckStatus.DONE,
    }
    found = {(row.exploit_id, ips[row.node_id], row.port) for row in rows(scanned.engine, vulnerabilities)}
    assert found == {(FTP_ANON, web, 21), (BYTERANGE, web, 8080)}


def test_the_excluded_host_never_got_a_packet(scanned: LabScan) -> None:
    assert scanned.lab.contacts(scanned.excluded_log) == []
    subprocess.run(["nmap", "-n", "-sn", scanned.host(4).ip], capture_output=True, check=True)
    time.sleep(0.2)
    assert scanned.lab.contacts(scanned.excluded_log), "the recorder sees a probe aimed at the host"
