"""`portdetection.udp.open_filtered`: off by default, ignored by TCP scanners, and when on the UDP
port scan keeps the ports the real nmap reports `open|filtered` (a bound socket that never
answers) besides the open ones, while a closed port (ICMP port unreachable) stays out."""

import asyncio
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from aucote.config.loader import load_settings
from aucote.engine.from_settings import scan_options
from aucote.engine.nmap_steps import NmapSteps
from aucote.engine.options import PortScanOptions
from aucote.model.protocol import Protocol
from aucote.tools.runner import run_tool
from tests.engine.scanning import loopback_ip
from tests.support.ports import free_port
from tests.support.udp_echo import udp_echo

CONFIG = """\
portdetection:
  tcp: {open_filtered: true}
  udp: {open_filtered: true}
"""


def _scans(tmp_path: Path, config: str | None) -> tuple[PortScanOptions, ...]:
    path = None
    if config is not None:
        path = tmp_path / "aucote.yaml"
        path.write_text(config)
    settings = load_settings(path).settings
    return scan_options(settings, targets=["127.0.0.1"], ports="69", udp=True).port_scans


def test_off_by_default(tmp_path: Path) -> None:
    tcp, udp = _scans(tmp_path, None)
    assert [(tcp.protocol, tcp.open_filtered), (udp.protocol, udp.open_filtered)] == [
        (Protocol.TCP, False),
        (Protocol.UDP, False),
    ]


def test_only_the_udp_scanner_gets_it(tmp_path: Path) -> None:
    tcp, udp = _scans(tmp_path, CONFIG)
    assert [(tcp.protocol, tcp.open_filtered), (udp.protocol, udp.open_filtered)] == [
        (Protocol.TCP, False),
        (Protocol.UDP, True),
    ]


@contextmanager
def silent_udp(ip: str) -> Iterator[int]:
    """A bound UDP socket that never reads nor answers (no ICMP either): yields its port."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((ip, 0))
        yield int(sock.getsockname()[1])


def _found(ip: str, ports: str, open_filtered: bool) -> list[tuple[int, str]]:
    options = scan_options(load_settings(None).settings, targets=[ip], ports=ports, udp=True)
    udp = replace(options.port_scans[1], host_discovery=False, max_retries=1, open_filtered=open_filtered)
    ip_address = options.targets.include[0].network_address
    found = asyncio.run(NmapSteps(options, run_tool).open_ports(ip_address, udp))
    return [(port.number, port.state) for port in found]


@pytest.mark.nmap
@pytest.mark.skipif(os.geteuid() != 0, reason="nmap -sU needs root")
def test_real_nmap_open_filtered_ports_are_kept_only_when_asked(tmp_path: Path) -> None:
    ip = loopback_ip()
    with udp_echo(ip) as answering, silent_udp(ip) as silent:
        closed = free_port(ip, socket.SOCK_DGRAM)
        ports = ",".join(map(str, sorted({answering, silent, closed})))
        default, asked = _found(ip, ports, False), _found(ip, ports, True)
    assert default == [(answering, "open")]
    assert sorted(asked) == sorted([(answering, "open"), (silent, "open|filtered")])
