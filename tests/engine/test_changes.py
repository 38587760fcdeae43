"""Changes between a scan and the previous one of the same scanner, pure and on stored scans."""

from sqlalchemy import Engine, select

from aucote.engine.changes import (
    PORT_CLOSED,
    PORT_OPENED,
    SERVICE_CHANGED,
    VULNERABILITY_APPEARED,
    VULNERABILITY_CHANGED,
    VULNERABILITY_DISAPPEARED,
    changes_since_previous,
    finding_changes,
    port_changes,
)
from aucote.model.exploit import Exploit
from aucote.model.status import CheckStatus, ScanStatus
from aucote.model.target import Service
from aucote.storage.repository import exploits, nodes, port_scans, scans, security_scans, vulnerabilities
from aucote.storage.repository.records import NewPortScan, NewSecurityScan, NewVulnerability
from aucote.storage.tables import changes


def test_ports_opened_closed_and_changed() -> None:
    before = {
        (1, 6, 22): (10, "ssh OpenSSH 8.9"),
        (1, 6, 80): (11, "http nginx 1.18"),
        (1, 6, 25): (12, "smtp"),
    }
    after = {
        (1, 6, 22): (20, "ssh OpenSSH 9.2"),
        (1, 6, 80): (21, "http nginx 1.18"),
        (1, 6, 443): (22, "https"),
    }
    rows = port_changes(before, after, scan_id=2, previous=1, now=5.0)
    kinds = {(row.port, row.kind, row.previous_value, row.current_value) for row in rows}
    assert kinds == {
        (22, SERVICE_CHANGED, "ssh OpenSSH 8.9", "ssh OpenSSH 9.2"),
        (25, PORT_CLOSED, "smtp", None),
        (443, PORT_OPENED, None, "https"),
    }


def test_findings_appear_change_and_disappear_only_where_retested() -> None:
    before = {
        (1, 6, 80, 72, 0): (1, "VULNERABLE A"),
        (1, 6, 80, 71, 0): (2, "x"),
        (1, 6, 443, 72, 0): (3, "y"),
    }
    after = {(1, 6, 80, 72, 0): (4, "VULNERABLE B"), (1, 6, 8080, 72, 0): (5, "z")}
    tested = {(1, 6, 80, 72), (1, 6, 80, 71), (1, 6, 8080, 72)}
    rows = finding_changes(before, after, tested, scan_id=2, previous=1, now=5.0)
    kinds = {(row.port, row.exploit_id, row.kind) for row in rows}
    assert kinds == {
        (80, 72, VULNERABILITY_CHANGED),
        (80, 71, VULNERABILITY_DISAPPEARED),
        (8080, 72, VULNERABILITY_APPEARED),
    }


def _scan(engine: Engine, when: float, ports: dict[int, str], finding: str | None) -> int:
    with engine.begin() as connection:
        exploits.sync_exploits(connection, [Exploit(id=72, app="nmap", name="http-vuln-cve2011-3192")])
        node = nodes.ensure_nodes(connection, ["192.0.2.10"], when)["192.0.2.10"]
        scan_id = scans.start_scan(connection, "tcp", 6, when)
        rows = [NewPortScan(scan_id, node, port, 6, when, Service(name)) for port, name in ports.items()]
        port_scans.add_port_scans(connection, rows)
        [check] = security_scans.add_security_scans(
            connection,
            [
                NewSecurityScan(
                    scan_id=scan_id,
                    exploit_id=72,
                    node_id=node,
                    port=80,
                    protocol=6,
                    start=when,
                    end=when,
                    status=CheckStatus.DONE,
                )
            ],
        )
        if finding:
            vulnerabilities.add_vulnerabilities(
                connection,
                [
                    NewVulnerability(
                        security_scan_id=check,
                        scan_id=scan_id,
                        exploit_id=72,
                        node_id=node,
                        port=80,
                        protocol=6,
                        output=finding,
                        time=when,
                    )
                ],
            )
        scans.end_scan(connection, scan_id, when + 1, ScanStatus.DONE)
        return scan_id


def test_changes_are_stored_against_the_previous_scan(engine: Engine) -> None:
    first = _scan(engine, 100.0, {80: "http", 22: "ssh"}, "VULNERABLE")
    second = _scan(engine, 200.0, {80: "http", 443: "https"}, None)
    with engine.begin() as connection:
        changes_since_previous(connection, "tcp", first, 150.0)
        changes_since_previous(connection, "tcp", second, 250.0)
    with engine.connect() as connection:
        stored = {(row.port, row.kind, row.previous_scan_id) for row in connection.execute(select(changes))}
    assert stored == {
        (22, PORT_CLOSED, first),
        (443, PORT_OPENED, first),
        (80, VULNERABILITY_DISAPPEARED, first),
    }
