"""Storing an existing nmap XML report as if Aucote had run it: a port scan per protocol found
(`tcp`, `udp`), its nodes, open ports and services, and — when the report holds NSE script output
for scripts of the catalogue — a `tools_basic`-style scan with their security scans and findings."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from aucote.catalog.catalog import Catalog
from aucote.catalog.entry import CatalogEntry
from aucote.checks.nmap.findings import findings_of
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus, ScanStatus
from aucote.model.target import Node, Port
from aucote.storage.repository import nodes, port_scans, scans, security_scans, vulnerabilities
from aucote.storage.repository.exploits import sync_exploits
from aucote.storage.repository.records import NewPortScan, NewSecurityScan, NewVulnerability
from aucote.tools.nmap.report import NmapPort, NmapRun
from aucote.tools.nmap.service import to_port

PORT_SCANNERS = {Protocol.TCP: "tcp", Protocol.UDP: "udp", Protocol.SCTP: "sctp"}


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import stored."""

    scan_ids: dict[str, int]
    hosts: int
    open_ports: int
    security_scans: int
    findings: int


def import_report(engine: Engine, run: NmapRun, catalog: Catalog, tools_scanner: str) -> ImportSummary:
    """Store the report in one transaction (all of it or nothing)."""
    with engine.begin() as connection:
        sync_exploits(connection, catalog.exploits)
        return _store(connection, run, catalog, tools_scanner)


def _store(connection: Connection, run: NmapRun, catalog: Catalog, tools_scanner: str) -> ImportSummary:
    end = run.stats.finished or run.started
    hosts = [host for host in run.hosts if host.is_up]
    ids = nodes.ensure_nodes(connection, [str(host.address) for host in hosts], run.started)
    open_ports = [
        to_port(Node(ids[str(host.address)], host.address), port)
        for host in hosts
        for port in host.ports
        if port.state == "open"
    ]
    scan_ids = _port_scans(connection, open_ports, run.started, end)
    scripted = [
        (port, nmap_port)
        for host in hosts
        for nmap_port in host.ports
        if nmap_port.scripts
        for port in open_ports
        if port.node.ip == host.address and port.number == nmap_port.number
    ]
    counted = _script_results(connection, scripted, catalog, tools_scanner, run.started, end, scan_ids)
    for scan_id in scan_ids.values():
        scans.add_node_scans(connection, scan_id, sorted(set(ids.values())), run.started)
        scans.end_scan(connection, scan_id, end, ScanStatus.DONE, "imported from an nmap XML report")
    return ImportSummary(scan_ids, len(hosts), len(open_ports), *counted)


def _port_scans(connection: Connection, ports: Sequence[Port], start: float, end: float) -> dict[str, int]:
    scan_ids: dict[str, int] = {}
    for protocol in sorted({port.protocol for port in ports}):
        name = PORT_SCANNERS[protocol]
        scan_ids[name] = scans.start_scan(connection, name, int(protocol), start)
        rows = [
            NewPortScan(scan_ids[name], p.node.id, p.number, int(p.protocol), end, p.service)
            for p in ports
            if p.protocol is protocol
        ]
        port_scans.add_port_scans(connection, rows)
    return scan_ids


def _script_results(
    connection: Connection,
    scripted: Sequence[tuple[Port, NmapPort]],
    catalog: Catalog,
    tools_scanner: str,
    start: float,
    end: float,
    scan_ids: dict[str, int],
) -> tuple[int, int]:
    known = [
        (port, entry, nmap_port) for port, nmap_port in scripted for entry in _entries(catalog, nmap_port)
    ]
    if not known:
        return 0, 0
    scan_id = scans.start_scan(connection, tools_scanner, None, start)
    scan_ids[tools_scanner] = scan_id
    rows = [
        NewSecurityScan(
            scan_id, entry.id, port.node.id, port.number, int(port.protocol), start, end, CheckStatus.DONE
        )
        for port, entry, _ in known
    ]
    row_ids = security_scans.add_security_scans(connection, rows)
    found = [
        NewVulnerability(
            row_id,
            scan_id,
            entry.id,
            port.node.id,
            port.number,
            int(port.protocol),
            f.output,
            end,
            cve=f.cve or (",".join(entry.exploit.cve) or None),
            cvss=entry.exploit.cvss,
            risk_level=entry.exploit.risk_level.value,
        )
        for row_id, (port, entry, nmap_port) in zip(row_ids, known, strict=True)
        for f in findings_of(entry, nmap_port.script(entry.name))
    ]
    vulnerabilities.add_vulnerabilities(connection, found)
    return len(rows), len(found)


def _entries(catalog: Catalog, port: NmapPort) -> list[CatalogEntry]:
    return [entry for script in port.scripts if (entry := catalog.find("nmap", script.id)) is not None]
