"""A service that locks the scanner out during a run (a real TigerVNC Xvnc with its blacklist set
to one failure): a script that printed nothing there is FAILED `unreachable`, never a DONE "not
vulnerable"; without the lock-out the same script finds the security type None."""

import asyncio
import socket
from collections.abc import Iterator
from ipaddress import ip_address
from pathlib import Path

import pytest

from aucote.catalog.loader import load_catalog
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.nmap.check import NmapScriptsCheck
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Node, Port, Service
from tests.engine.scanning import loopback_ip
from tests.support.daemons.xvnc import xvnc

pytestmark = pytest.mark.nmap
BLACKLIST = ("-BlacklistThreshold", "1", "-BlacklistTimeout", "600")


@pytest.fixture
def vnc(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """Xvnc offering security type None (its default blacklist: 5 failures)."""
    ip = loopback_ip()
    with xvnc(tmp_path, ip) as port:
        yield ip, port


@pytest.fixture
def strict_vnc(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """Xvnc offering security type None that blacklists a client after one failed handshake."""
    ip = loopback_ip()
    with xvnc(tmp_path, ip, extra=BLACKLIST) as port:
        yield ip, port


def _fail_one_handshake(ip: str, port: int) -> None:
    """What a TLS probe does to an RFB server: a ClientHello where the version should be."""
    with socket.create_connection((ip, port), timeout=5) as conn:
        conn.recv(12)
        conn.sendall(b"\x16\x03\x01\x00\x05hello")
        conn.settimeout(5)
        conn.recv(100)


def _run(
    ip: str, port: int, *scripts: str, service: str | None = None, pauses: tuple[float, ...] = (12.0,)
) -> dict[str, ExploitOutcome]:
    catalog = load_catalog()
    entries = [catalog.find("nmap", name) for name in scripts]
    selected = [Selected(entry.exploit, forced=True) for entry in entries if entry is not None]
    detected = Service(name=service) if service else None
    target = Port(Node(1, ip_address(ip)), port, Protocol.TCP, detected)
    outcomes = asyncio.run(NmapScriptsCheck(catalog, pauses).run(target, selected, CheckContext(timeout=60)))
    names = {entry.id: entry.name for entry in entries if entry is not None}
    return {names[outcome.exploit_id]: outcome for outcome in outcomes}


def test_a_script_silenced_by_a_lockout_is_failed_locked_out(strict_vnc: tuple[str, int]) -> None:
    _fail_one_handshake(*strict_vnc)
    outcomes = _run(*strict_vnc, "vnc-info", "banner")
    info = outcomes["vnc-info"]
    assert (info.status, info.reason, info.findings) == (CheckStatus.FAILED, CheckReason.LOCKED_OUT, ())
    assert info.detail == (
        "no output; the service locked the scanner out during the run ('Too many security failures')"
    )
    assert "Too many securit" in outcomes["banner"].findings[0].output


def test_without_the_lockout_the_script_judges(vnc: tuple[str, int]) -> None:
    info = _run(*vnc, "vnc-info")["vnc-info"]
    assert (info.status, info.reason) == (CheckStatus.DONE, None)
    assert "None" in info.findings[0].output


TLS_PROBES = ("ssl-enum-ciphers", "ssl-cert", "ssl-heartbleed", "sslv2", "ssl-ccs-injection", "ssl-poodle")


@pytest.fixture
def guarded_vnc(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """Xvnc offering security type None that blacklists a client after three failed handshakes."""
    ip = loopback_ip()
    with xvnc(tmp_path, ip, extra=("-BlacklistThreshold", "3", "-BlacklistTimeout", "600")) as port:
        yield ip, port


def test_the_services_own_scripts_run_before_the_probes_that_would_lock_it(
    guarded_vnc: tuple[str, int],
) -> None:
    """TLS probes fail RFB handshakes; run in one nmap with vnc-info they lock it out (measured:
    vnc-info silent), so on a port nmap calls `vnc` the vnc-* scripts run first, on their own."""
    outcomes = _run(*guarded_vnc, *TLS_PROBES, "vnc-info", service="vnc")
    assert len(outcomes) == len(TLS_PROBES) + 1
    info = outcomes["vnc-info"]
    assert (info.status, info.reason) == (CheckStatus.DONE, None)
    assert "None" in info.findings[0].output
    assert info.end <= outcomes["ssl-cert"].start


def _lock(ip: str, port: int) -> None:
    """Five failed handshakes: TigerVNC's default threshold (what nmap -sV's probes can do)."""
    for _ in range(5):
        with socket.create_connection((ip, port), timeout=5) as conn:
            conn.recv(12)
            conn.sendall(b"\x16\x03\x01\x00\x05hello")


def test_a_service_locked_before_its_scripts_is_tried_again_after_a_pause(tmp_path: Path) -> None:
    ip = loopback_ip()
    with xvnc(tmp_path, ip, extra=("-BlacklistTimeout", "2")) as port:
        _lock(ip, port)
        info = _run(ip, port, "vnc-info", service="vnc", pauses=(3.0,))["vnc-info"]
    assert (info.status, info.reason) == (CheckStatus.DONE, None)
    assert "None" in info.findings[0].output


def test_a_service_still_locked_after_the_pause_is_failed_locked_out(tmp_path: Path) -> None:
    ip = loopback_ip()
    with xvnc(tmp_path, ip, extra=("-BlacklistTimeout", "600")) as port:
        _lock(ip, port)
        info = _run(ip, port, "vnc-info", service="vnc", pauses=(0.3, 0.3))["vnc-info"]
    assert (info.status, info.reason, info.findings) == (CheckStatus.FAILED, CheckReason.LOCKED_OUT, ())
