"""Storing an existing nmap XML report as a scan, as if Aucote had run it.

A port scan per protocol scanned or found (`tcp`, `udp`, `sctp`; `tcp` for a ping or IP protocol
scan) with every host that is up (open ports or not) as a node scan, its open ports and services;
and, when the report holds results of catalogue scripts (port or host scripts), a `tools_basic`-style
scan with their security scans and findings, judged like a live scan's (`import_outcomes`). Like a
scan, it expires the findings its DONE security scans no longer report and records the changes
since the previous scan of each scanner. All in one transaction; a file imported before (same
SHA-256) is not stored again. A report nmap ended with an error is stored as FAILED scans. The
totals of open findings of the day the report ended (the dashboard's trend) are written, as a
scan's are when it ends."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine

from aucote.catalog.catalog import Catalog
from aucote.engine.changes import changes_since_previous
from aucote.engine.import_outcomes import ImportedOutcome, failed_run, report_outcomes
from aucote.engine.import_window import scan_window
from aucote.engine.recorder import store_findings
from aucote.model.protocol import Protocol
from aucote.model.status import ScanStatus
from aucote.model.target import Node, Port
from aucote.storage.repository import nodes, port_scans, scans, security_scans
from aucote.storage.repository.daily_totals import record_day
from aucote.storage.repository.exploits import sync_exploits
from aucote.storage.repository.imports import add_import, imported_scans
from aucote.storage.repository.records import NewPortScan, NewSecurityScan
from aucote.storage.repository.top_values import record_tops
from aucote.tools.nmap.report import NmapHost, NmapRun, merged_hosts
from aucote.tools.nmap.service import to_port

PORT_SCANNERS = {Protocol.TCP: "tcp", Protocol.UDP: "udp", Protocol.SCTP: "sctp"}
IMPORTED = "imported from an nmap XML report"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFile:
    """The file a report came from: its name and the SHA-256 of its bytes (what makes it the same)."""

    name: str
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSummary:
    """What an import stored; `already` when the file was imported before (`scan_ids` are then the
    scans of that first import, and nothing was stored)."""

    scan_ids: dict[str, int] = field(default_factory=dict)
    hosts: int = 0
    open_ports: int = 0
    security_scans: int = 0
    findings: int = 0
    already: bool = False


def import_report(
    engine: Engine, run: NmapRun, catalog: Catalog, tools_scanner: str, *, file: ReportFile, now: float
) -> ImportSummary:
    """Store the report in one transaction (all of it or nothing); ImportRefused (one line) when
    it cannot be stored."""
    start, end = scan_window(run)
    with engine.begin() as connection:
        earlier = imported_scans(connection, file.sha256)
        if earlier is not None:
            return ImportSummary(scan_ids=earlier, already=True)
        sync_exploits(connection, catalog.exploits)
        summary = _store(connection, run, catalog, tools_scanner, (start, end))
        add_import(connection, file.sha256, file.name, now, summary.scan_ids)
        for scanner, scan_id in summary.scan_ids.items():
            changes_since_previous(connection, scanner, scan_id, now)
        record_day(connection, end)
        record_tops(connection, now)
        return summary


def _store(
    connection: Connection, run: NmapRun, catalog: Catalog, tools_scanner: str, window: tuple[float, float]
) -> ImportSummary:
    start, end = window
    hosts = [host for host in merged_hosts(run.hosts) if host.is_up]
    ids = nodes.ensure_nodes(connection, [str(host.address) for host in hosts], start)
    open_ports = [
        to_port(Node(ids[str(host.address)], host.address), port)
        for host in hosts
        for port in host.ports
        if port.state == "open"
    ]
    scan_ids = _port_scans(connection, _port_scanners(run, hosts, open_ports), open_ports, window)
    outcomes = report_outcomes(hosts, open_ports, catalog, start, end)
    if not run.stats.ok:
        outcomes = failed_run(outcomes, _nmap_error(run))
    found = 0
    if outcomes:
        scan_ids[tools_scanner] = scans.start_scan(connection, tools_scanner, None, start)
        found = _security_scans(connection, scan_ids[tools_scanner], outcomes)
    _end_scans(connection, run, scan_ids, sorted(set(ids.values())), window)
    return ImportSummary(
        scan_ids=scan_ids,
        hosts=len(hosts),
        open_ports=len(open_ports),
        security_scans=len(outcomes),
        findings=found,
    )


def _port_scanners(run: NmapRun, hosts: Sequence[NmapHost], ports: Sequence[Port]) -> list[Protocol]:
    """The port scanners the report stands for: the protocols it scanned or found open; `tcp` for a
    report with hosts but no port protocol (ping scan, IP protocol scan) or that ended in error."""
    names = {name.lower() for name in run.scanned}
    protocols = {p for p in PORT_SCANNERS if p.name.lower() in names} | {port.protocol for port in ports}
    if not protocols and (hosts or not run.stats.ok):
        protocols = {Protocol.TCP}
    return sorted(protocols)


def _port_scans(
    connection: Connection, protocols: Sequence[Protocol], ports: Sequence[Port], window: tuple[float, float]
) -> dict[str, int]:
    start, end = window
    scan_ids: dict[str, int] = {}
    for protocol in protocols:
        name = PORT_SCANNERS[protocol]
        scan_ids[name] = scans.start_scan(connection, name, int(protocol), start)
        rows = [
            NewPortScan(scan_ids[name], p.node.id, p.number, int(p.protocol), end, p.service)
            for p in ports
            if p.protocol is protocol
        ]
        port_scans.add_port_scans(connection, rows)
    return scan_ids


def _security_scans(connection: Connection, scan_id: int, items: Sequence[ImportedOutcome]) -> int:
    """Store the outcomes and their findings, and expire what a DONE re-test supersedes."""
    rows = [_security_scan(scan_id, item) for item in items]
    row_ids = security_scans.add_security_scans(connection, rows)
    return sum(
        store_findings(connection, scan_id, item.port, row_id, item.entry.exploit, item.outcome)
        for row_id, item in zip(row_ids, items, strict=True)
    )


def _security_scan(scan_id: int, item: ImportedOutcome) -> NewSecurityScan:
    outcome = item.outcome
    return NewSecurityScan(
        scan_id=scan_id,
        exploit_id=item.entry.id,
        node_id=item.port.node.id,
        port=item.port.number,
        protocol=int(item.port.protocol),
        start=outcome.start,
        end=outcome.end,
        status=outcome.status,
        reason=outcome.reason,
        detail=outcome.detail,
    )


def _end_scans(
    connection: Connection,
    run: NmapRun,
    scan_ids: Mapping[str, int],
    node_ids: list[int],
    window: tuple[float, float],
) -> None:
    """Every host up is covered by every scan; DONE, or FAILED with nmap's message."""
    start, end = window
    status, reason = (ScanStatus.DONE, IMPORTED) if run.stats.ok else (ScanStatus.FAILED, _nmap_error(run))
    for scan_id in scan_ids.values():
        scans.add_node_scans(connection, scan_id, node_ids, start)
        scans.end_scan(connection, scan_id, end, status, reason)


def _nmap_error(run: NmapRun) -> str:
    message = (run.stats.errormsg or "").strip() or f"nmap ended with exit={run.stats.exit!r}"
    return f"{IMPORTED}; nmap: {message}"
