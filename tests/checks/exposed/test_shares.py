"""The TFTP probe against the real tftpd-hpa (files served / empty directory), on UDP 69 of a
loopback address of its own, and against a UDP port where nothing answers: TIMEOUT, never DONE.
(Its end-to-end scan is in tests/engine/test_scan_shares.py: nmap reports a TFTP port
`open|filtered`, which the pipeline checks with `portdetection.udp.open_filtered: true`.)"""

import socket
from ipaddress import ip_address
from pathlib import Path

from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Node, Port, Service
from tests.checks.exposed.support import finding, run_exploit
from tests.engine.scanning import loopback_ip
from tests.support.daemons.tftpd import tftpd


def _tftp_port(ip: str) -> Port:
    return Port(Node(1, ip_address(ip)), 69, Protocol.UDP, Service(name="tftp"))


def test_tftp_serving_a_boot_menu(tmp_path: Path) -> None:
    ip = loopback_ip()
    with tftpd(tmp_path, ip, 69, with_files=True):
        output = finding("tftp-readable", _tftp_port(ip))
    assert output == (
        "TFTP server sends files without authentication:\n"
        "pxelinux.cfg/default: 84+ bytes, begins 'DEFAULT linux\\nLABEL linux\\n  KERNEL vmlinuz\\n"
        "  APPEND initrd=initrd.img root=/dev/nfs\\n'"
    )


def test_tftp_with_nothing_to_read(tmp_path: Path) -> None:
    ip = loopback_ip()
    with tftpd(tmp_path, ip, 69, with_files=False):
        assert finding("tftp-readable", _tftp_port(ip)) is None


def test_tftp_port_where_nothing_answers_is_a_timeout() -> None:
    """A bound UDP socket that never answers (no ICMP either: what nmap calls `open|filtered`)."""
    ip = loopback_ip()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind((ip, 0))
        port = Port(Node(1, ip_address(ip)), silent.getsockname()[1], Protocol.UDP, None)
        outcome = run_exploit("tftp-readable", port)
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.TIMEOUT,
        CheckReason.TIMEOUT,
        "no answer within 5 s",
    )
    assert not outcome.findings
