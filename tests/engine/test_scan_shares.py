"""Directory, file-sharing and cleartext-login exposures, end to end: the real daemon (slapd, smbd,
rsync, tftpd-hpa, inetutils-telnetd) in a vulnerable and a safe configuration, scanned by the
pipeline `aucote scan` runs (real nmap port scan and -sV, then the checks): the finding on the
first, none on the second, and the security scan DONE on both. nmap reports a real TFTP server's
port `open|filtered` (it answers from another port): the UDP scans here set `open_filtered`
(`portdetection.udp.open_filtered: true`), without which the pipeline checks only `open` ports."""

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine

from aucote.engine.options import PortScanOptions
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus
from aucote.storage.tables import port_scans, security_scans, vulnerabilities
from tests.engine.scanning import loopback_ip, rows, run_scan, tcp_options
from tests.support.daemons.rsyncd import rsyncd
from tests.support.daemons.slapd import slapd
from tests.support.daemons.smbd import smbd
from tests.support.daemons.telnetd import not_telnet, telnetd
from tests.support.daemons.tftpd import tftpd
from tests.support.netns_lab import netns_lab

LDAP, SMB_SHARES, RSYNC, TFTP, TELNET = 2540, 2541, 2542, 2543, 2544
SMB_PROTOCOLS, SMB2_SIGNING = 1078, 1083

Outcome = dict[int, tuple[str, list[str]]]
"""exploit id -> (security scan status, outputs of its findings)."""


def outcomes(engine: Engine) -> Outcome:
    """What the scan recorded, per exploit: status and the outputs of findings (risk above None)."""
    found: Outcome = {}
    for scan in rows(engine, security_scans):
        vulns = rows(engine, vulnerabilities, vulnerabilities.c.security_scan_id == scan.id)
        found[scan.exploit_id] = (scan.status, [v.output for v in vulns if v.risk_level != "None"])
    return found


def scan(
    engine: Engine,
    ip: str,
    port: int,
    scripts: list[int],
    protocol: Protocol = Protocol.TCP,
    light: bool = False,
) -> Outcome:
    """One scan of ip:port running `scripts`, a UDP one (`open|filtered` ports kept) for UDP;
    `light` service detection (intensity 0: the NULL probe and the port's own) keeps Telnet's -sV
    from taking 45 s, and a silent UDP port's from taking 100 s."""
    options = replace(tcp_options([ip], str(port), scripts=scripts), version_intensity=0 if light else None)
    if protocol is Protocol.UDP:
        udp = PortScanOptions("udp", Protocol.UDP, str(port), host_discovery=False, open_filtered=True)
        options = replace(options, port_scans=(udp,))
    run_scan(engine, options)
    return outcomes(engine)


def _done_with(found: Outcome, exploit: int, *expected: str) -> None:
    status, outputs = found[exploit]
    assert status == CheckStatus.DONE
    assert len(outputs) == (1 if expected else 0), outputs
    assert all(text in outputs[0] for text in expected)


@pytest.mark.nmap
@pytest.mark.parametrize("vulnerable", [True, False], ids=["anonymous-read", "acl-denies"])
def test_ldap(scan_db: Engine, tmp_path: Path, vulnerable: bool) -> None:
    ip = loopback_ip()
    # LDAP's own port: nmap -sV tries its LDAP probes first there (11 s against slapd; 49 s on 3890,
    # where it waits out the probes slapd does not answer first).
    with slapd(tmp_path, ip, 389, anonymous_read=vulnerable):
        found = scan(scan_db, ip, 389, [LDAP])
    expected = ("Anonymous bind accepted", "uid=alice,ou=people,dc=aucote,dc=test") if vulnerable else ()
    _done_with(found, LDAP, *expected)


@pytest.mark.nmap
@pytest.mark.parametrize("vulnerable", [True, False], ids=["open-module", "auth-users"])
def test_rsync(scan_db: Engine, tmp_path: Path, vulnerable: bool) -> None:
    ip = loopback_ip()
    with rsyncd(tmp_path, ip, 8873, open_modules=vulnerable):
        found = scan(scan_db, ip, 8873, [RSYNC])
    expected = ("backup", "nightly backups", "passwd.bak") if vulnerable else ()
    _done_with(found, RSYNC, *expected)


@pytest.mark.nmap
@pytest.mark.parametrize("vulnerable", [True, False], ids=["boot-menu", "empty-directory"])
def test_tftp(scan_db: Engine, tmp_path: Path, vulnerable: bool) -> None:
    ip = loopback_ip()
    with tftpd(tmp_path, ip, 69, with_files=vulnerable):
        found = scan(scan_db, ip, 69, [TFTP], protocol=Protocol.UDP, light=True)
    # -sV hears no reply either: nmap's port-table guess "tftp" is not recorded, and the check is
    # selected by its catalogue port UDP:69.
    (port,) = rows(scan_db, port_scans)
    assert (port.port, port.protocol, port.service_name) == (69, Protocol.UDP, None)
    expected = ("TFTP server sends files without authentication", "pxelinux.cfg/default", "DEFAULT linux")
    _done_with(found, TFTP, *(expected if vulnerable else ()))


def _telnet_or_not(tmp_path: Path, ip: str, port: int, vulnerable: bool) -> AbstractContextManager[None]:
    return telnetd(tmp_path, ip, port) if vulnerable else not_telnet(ip, port)


@pytest.mark.nmap
@pytest.mark.parametrize("vulnerable", [True, False], ids=["telnetd", "no-telnet"])
def test_telnet(scan_db: Engine, tmp_path: Path, vulnerable: bool) -> None:
    ip = loopback_ip()
    with _telnet_or_not(tmp_path, ip, 23, vulnerable):
        found = scan(scan_db, ip, 23, [TELNET], light=True)
    _done_with(found, TELNET, *(("Telnet login offered in clear text", "login:") if vulnerable else ()))


@pytest.fixture(scope="module")
def smb_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two namespace hosts on 445: a vulnerable smbd and a safe one (vulnerable ip, safe ip)."""
    workdir = tmp_path_factory.mktemp("smbd")
    with netns_lab(2) as lab:
        bad, good = lab.hosts
        with (
            smbd(workdir / "bad", bad.ip, 445, True, bad.argv([])),
            smbd(workdir / "good", good.ip, 445, False, good.argv([])),
        ):
            yield bad.ip, good.ip


@pytest.mark.nmap
@pytest.mark.parametrize("vulnerable", [True, False], ids=["nt1-guest", "smb2-mandatory"])
def test_smb(scan_db: Engine, smb_lab: tuple[str, str], vulnerable: bool) -> None:
    ip = smb_lab[0 if vulnerable else 1]
    options = replace(
        tcp_options([ip], "445", scripts=[SMB_PROTOCOLS, SMB2_SIGNING, SMB_SHARES]), scan_nodes=True
    )
    run_scan(scan_db, replace(options, version_intensity=0))
    found = outcomes(scan_db)
    _done_with(found, SMB_PROTOCOLS, *(("NT LM 0.12 (SMBv1)",) if vulnerable else ()))
    _done_with(found, SMB2_SIGNING, *(("Message signing enabled but not required",) if vulnerable else ()))
    _done_with(found, SMB_SHARES, *(("anonymous (null session)", "public") if vulnerable else ()))
