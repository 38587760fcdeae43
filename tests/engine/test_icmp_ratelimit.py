"""`portdetection.udp.defeat_icmp_ratelimit: true` reaches nmap: the UDP port scan runs the real
nmap with --defeat-icmp-ratelimit, which nmap accepts and which still finds an open UDP port on
loopback (a silent port is then closed|filtered, so it is not listed). TCP scans never get it."""

import asyncio
import os
import socket
from collections.abc import Sequence
from pathlib import Path

import pytest

from aucote.config.loader import load_settings
from aucote.engine.from_settings import scan_options
from aucote.engine.nmap_steps import NmapSteps
from aucote.model.protocol import Protocol
from aucote.tools.result import ToolResult
from aucote.tools.runner import run_tool
from tests.engine.scanning import loopback_ip
from tests.support.ports import free_port
from tests.support.udp_echo import udp_echo

CONFIG = """\
portdetection:
  tcp: {defeat_icmp_ratelimit: true}
  udp: {defeat_icmp_ratelimit: true}
"""


class RecordingRunner:
    """The real runner, remembering each command it ran."""

    def __init__(self) -> None:
        self.argvs: list[list[str]] = []

    async def __call__(self, argv: Sequence[str], *, timeout: float) -> ToolResult:
        self.argvs.append(list(argv))
        return await run_tool(argv, timeout=timeout)


def _options(tmp_path: Path, ip: str, ports: str) -> tuple[NmapSteps, RecordingRunner]:
    config = tmp_path / "aucote.yaml"
    config.write_text(CONFIG)
    settings = load_settings(config).settings
    options = scan_options(settings, targets=[ip], ports=ports, udp=True)
    runner = RecordingRunner()
    return NmapSteps(options, runner), runner


def test_only_the_udp_scanner_gets_the_option(tmp_path: Path) -> None:
    steps, _ = _options(tmp_path, "127.0.0.1", "53")
    tcp, udp = steps.options.port_scans
    assert (tcp.protocol, tcp.defeat_icmp_ratelimit) == (Protocol.TCP, False)
    assert (udp.protocol, udp.defeat_icmp_ratelimit) == (Protocol.UDP, True)


@pytest.mark.nmap
@pytest.mark.skipif(os.geteuid() != 0, reason="nmap -sU needs root")
def test_real_nmap_accepts_it_and_finds_the_open_udp_port(tmp_path: Path) -> None:
    ip = loopback_ip()
    with udp_echo(ip) as open_port:
        closed = free_port(ip, socket.SOCK_DGRAM)
        steps, runner = _options(tmp_path, ip, f"{open_port},{closed}")
        udp = steps.options.port_scans[1]
        found = asyncio.run(steps.open_ports(steps.options.targets.include[0].network_address, udp))
    (argv,) = runner.argvs
    assert "--defeat-icmp-ratelimit" in argv and "-sU" in argv
    assert [(port.number, port.protocol, port.state) for port in found] == [(open_port, Protocol.UDP, "open")]
