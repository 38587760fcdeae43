"""vnc-no-auth against a real TigerVNC Xvnc: security type None (finding, desktop name read), VNC
Authentication only (none), a scanner locked out by the blacklist (FAILED locked_out, or found after
the block ends), and the blacklist entry cleared by the probe itself."""

import socket
from collections.abc import Iterator
from ipaddress import ip_address
from pathlib import Path

import pytest

from aucote.checks.exposed.vnc import Handshake, evidence, version_of
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Node, Port, Service
from tests.checks.exposed.support import finding, run_exploit
from tests.engine.scanning import loopback_ip
from tests.support.daemons.xvnc import xvnc

NAME = "vnc-no-auth"
REFUSED = b"RFB 003.003\n"
"""What TigerVNC sends first to a client it refuses, before the reason."""


def _port(ip: str, number: int) -> Port:
    return Port(Node(1, ip_address(ip)), number, Protocol.TCP, Service(name="vnc"))


def _banner(ip: str, number: int) -> bytes:
    """One connection that reads the server's version and leaves: a mark in TigerVNC's blacklist."""
    with socket.create_connection((ip, number), timeout=5) as conn:
        return conn.recv(12)


@pytest.fixture(scope="module")
def open_vnc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    ip = loopback_ip()
    with xvnc(tmp_path_factory.mktemp("vnc-open"), ip, mode="open") as number:
        yield ip, number


@pytest.fixture(scope="module")
def protected_vnc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    ip = loopback_ip()
    with xvnc(tmp_path_factory.mktemp("vnc-protected"), ip, mode="protected") as number:
        yield ip, number


def test_security_type_none_is_a_finding_with_the_desktop(open_vnc: tuple[str, int]) -> None:
    output = finding(NAME, _port(*open_vnc))
    assert output is not None
    assert output.startswith("VNC server (RFB 3.8) lets anyone in with the security type None: desktop ")
    assert "opened without a password; security types offered: None (1)" in output


def test_the_probe_clears_the_blacklist_mark_of_its_connection(open_vnc: tuple[str, int]) -> None:
    """Without the None login, the ninth of these connections would be refused (threshold 5)."""
    for _ in range(2):
        assert [_banner(*open_vnc) for _ in range(4)] == [b"RFB 003.008\n"] * 4
        assert finding(NAME, _port(*open_vnc)) is not None


def test_vnc_authentication_only_is_no_finding(protected_vnc: tuple[str, int]) -> None:
    assert finding(NAME, _port(*protected_vnc)) is None


def test_a_scanner_still_refused_is_failed_locked_out(tmp_path: Path) -> None:
    ip = loopback_ip()
    with xvnc(
        tmp_path, ip, mode="open", extra=("-BlacklistThreshold", "1", "-BlacklistTimeout", "600")
    ) as number:
        _banner(ip, number)
        assert _banner(ip, number) == REFUSED
        outcome = run_exploit(NAME, _port(ip, number), pauses=(0.2, 0.2))
    assert (outcome.status, outcome.reason, outcome.findings) == (
        CheckStatus.FAILED,
        CheckReason.LOCKED_OUT,
        (),
    )
    assert outcome.detail == "the service refused the scanner: Too many security failures"


def test_a_lockout_that_ends_is_waited_out(tmp_path: Path) -> None:
    """Refused at first; let in once the block ends (1 s, doubled by each connection let in at its
    end, counted in whole seconds by TigerVNC: at most 4 s here)."""
    ip = loopback_ip()
    with xvnc(
        tmp_path, ip, mode="open", extra=("-BlacklistThreshold", "1", "-BlacklistTimeout", "1")
    ) as number:
        _banner(ip, number)
        assert _banner(ip, number) == REFUSED
        assert finding(NAME, _port(ip, number), pauses=(1.0, 2.0, 4.0)) is not None


def test_version_of_refuses_other_protocols() -> None:
    assert version_of(b"RFB 003.008\n") == (3, 8)
    with pytest.raises(ValueError, match="not an RFB server"):
        version_of(b"SSH-2.0-Open")


def test_vencrypt_without_authentication_is_a_finding() -> None:
    found = Handshake("3.8", (19,), subtypes=(256, 257, 262))
    assert evidence(found) == (
        "VNC server (RFB 3.8) offers VeNCrypt without authentication: TLSNone (257); "
        "security types offered: VeNCrypt (19)"
    )
    assert evidence(Handshake("3.8", (19, 2), subtypes=(256, 262))) is None
