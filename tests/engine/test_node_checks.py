"""Node-level checks (NSE host scripts) with real nmap against a real listener on loopback ports
139 and 445: with `scan_nodes` a host script runs once per node, recorded on 445/TCP; without it,
not at all. The plan itself (pure) is tested beside it."""

import socketserver
from dataclasses import replace
from ipaddress import ip_address

import pytest
from sqlalchemy import Engine

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.planning import PortPlan, plan_node, plan_port
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus
from aucote.model.target import Node, Port
from aucote.storage.tables import port_scans, scans, security_scans
from tests.engine.scanning import catalog, loopback_ip, rows, run_scan, tcp_options
from tests.support.threaded_server import serving_in_thread

SMB_SECURITY_MODE, MS17_010, HTTP_HEADERS = 1079, 169, 63
NODE = Node(1, ip_address("127.0.0.2"))


def _options(scan_nodes: bool, scripts: tuple[int, ...] = (SMB_SECURITY_MODE, MS17_010)) -> ScanOptions:
    scan = PortScanOptions("tcp", Protocol.TCP, "1-65535")
    return ScanOptions(TargetSet(()), (scan,), scripts=scripts, scan_nodes=scan_nodes)


def _port(number: int) -> Port:
    return Port(NODE, number, Protocol.TCP)


def test_host_scripts_are_planned_once_per_node_on_445() -> None:
    ports = [_port(139), _port(80), _port(445)]
    plans = plan_node(catalog(), ports, _options(True))
    assert {port.number: [item.exploit.id for item in plan.run["nmap"]] for port, plan in plans.items()} == {
        445: [MS17_010, SMB_SECURITY_MODE]
    }
    assert all(plan_port(catalog(), port, _options(True)) == PortPlan() for port in ports)


def test_host_scripts_are_not_planned_without_scan_nodes_or_without_their_port() -> None:
    assert plan_node(catalog(), [_port(139), _port(445)], _options(False)) == {}
    assert plan_node(catalog(), [_port(80), _port(22)], _options(True)) == {}
    (port, plan), *_ = plan_node(catalog(), [_port(139)], _options(True)).items()
    assert port.number == 139 and len(plan.run["nmap"]) == 2


def test_port_checks_are_unchanged_by_scan_nodes() -> None:
    options = _options(True, scripts=(HTTP_HEADERS, SMB_SECURITY_MODE))
    plan = plan_port(catalog(), _port(80), options)
    assert [item.exploit.id for item in plan.run["nmap"]] == [HTTP_HEADERS]


class _Closing(socketserver.BaseRequestHandler):
    """Accept and close at once: an open port that nmap -sV calls tcpwrapped within a second."""

    def handle(self) -> None:
        pass


def _listener(ip: str, port: int) -> socketserver.ThreadingTCPServer:
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    return socketserver.ThreadingTCPServer((ip, port), _Closing)


def _scan_smb_ports(engine: Engine, scan_nodes: bool) -> list[tuple[int, int, str]]:
    """Scan a loopback address listening on 139 and 445 with smb-security-mode selected; the
    security scans recorded (exploit, port, status)."""
    ip = loopback_ip()
    with serving_in_thread(_listener(ip, 139)), serving_in_thread(_listener(ip, 445)):
        options = tcp_options([ip], "139,445", scripts=[SMB_SECURITY_MODE])
        run_scan(engine, replace(options, scan_nodes=scan_nodes))
    assert sorted(row.port for row in rows(engine, port_scans)) == [139, 445]
    assert {row.scanner for row in rows(engine, scans)} == {"tcp", "tools_basic"}
    return [(row.exploit_id, row.port, row.status) for row in rows(engine, security_scans)]


@pytest.mark.nmap
def test_with_scan_nodes_a_host_script_runs_once_per_node(scan_db: Engine) -> None:
    ((exploit, port, status),) = _scan_smb_ports(scan_db, scan_nodes=True)
    assert (exploit, port) == (SMB_SECURITY_MODE, 445)
    assert status not in (CheckStatus.QUEUED, CheckStatus.RUNNING, CheckStatus.SKIPPED)


@pytest.mark.nmap
def test_without_scan_nodes_a_host_script_never_runs(scan_db: Engine) -> None:
    assert _scan_smb_ports(scan_db, scan_nodes=False) == []
