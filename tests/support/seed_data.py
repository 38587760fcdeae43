"""The seed documents' own example, stored through the repository write functions, with enough
around it to exercise every endpoint.

Security scans in insertion (seq) order: 12400 (scan 931, exploit 72 on 10.12.2.175:5985/TCP),
25 fillers 12001..12025 (scan 942, exploit 71 on 10.12.2.176 ports 8001..8025), then 12482 and
12483 — rows 26 and 27, page 13 at limit 2 as in the seed — then 12484 (scan 950, still running)."""

from sqlalchemy import Connection, Engine

from aucote.model.exploit import Exploit
from aucote.model.status import CheckStatus, RiskLevel, ScanStatus
from aucote.model.target import Service
from aucote.storage.repository import changes, exploits, nodes, port_scans, scans, security_scans
from aucote.storage.repository import vulnerabilities as findings
from aucote.storage.repository.records import NewChange, NewPortScan, NewSecurityScan, NewVulnerability

TCP = 6
NODE, OTHER_NODE = 86, 87
IP, OTHER_IP = "10.12.2.175", "10.12.2.176"
SEC_START, SEC_END = 1508504395.823977, 1508505422.0
FILLERS = range(12001, 12026)
LONG_OUTPUT = "VULNERABLE:\n  Apache byterange filter DoS\n" + "x" * 120

EXPLOITS = [
    Exploit(71, "nmap", "http-vuln-cve2010-2861", "ColdFusion directory traversal", "Checks CVE-2010-2861.",
            RiskLevel.HIGH, cve=("CVE-2010-2861",), cvss=4.3),
    Exploit(72, "nmap", "http-vuln-cve2011-3192", "Apache byterange filter DoS", "Checks CVE-2011-3192.",
            RiskLevel.HIGH, cve=("CVE-2011-3192",), cvss=7.8),
    Exploit(140, "aucote-http-headers", "x-frame-options", "Missing X-Frame-Options", "",
            RiskLevel.LOW, category="headers"),
]  # fmt: skip

# id, scanner, protocol, start, end (None: still running)
SCANS = [
    (930, "tcp", TCP, 1508503000.5, 1508503600.25),
    (931, "tools_basic", None, 1508503680.2786627, 1508503687.3294709),
    (942, "tools_advanced", None, 1508504400.6845937, 1508504411.276814),
    (950, "tcp", TCP, 1508506000.0, None),
]


def seed(engine: Engine) -> None:
    """Store the whole example in one transaction."""
    with engine.begin() as connection:
        exploits.sync_exploits(connection, EXPLOITS)
        nodes.add_node(connection, IP, 1508503001.0, NODE)
        nodes.add_node(connection, OTHER_IP, 1508503001.0, OTHER_NODE)
        _scans(connection)
        _port_scans(connection)
        security_scans.add_security_scans(connection, security_scan_rows())
        findings.add_vulnerabilities(connection, _vulnerabilities())
        changes.add_changes(connection, _changes())


def security_scan_rows() -> list[NewSecurityScan]:
    """The security scans, in insertion order."""
    done = CheckStatus.DONE
    first = NewSecurityScan(
        scan_id=931,
        exploit_id=72,
        node_id=NODE,
        port=5985,
        protocol=TCP,
        start=1508503681.0,
        end=1508503687.0,
        status=done,
        id=12400,
    )
    fillers = [
        NewSecurityScan(
            scan_id=942,
            exploit_id=71,
            node_id=OTHER_NODE,
            port=n - 4000,
            protocol=TCP,
            start=n + 1508492390.5,
            end=None,
            status=done,
            id=n,
        )
        for n in FILLERS
    ]
    seed_rows = [
        NewSecurityScan(
            scan_id=942,
            exploit_id=exploit,
            node_id=NODE,
            port=5985,
            protocol=TCP,
            start=SEC_START,
            end=SEC_END,
            status=done,
            id=row_id,
        )
        for row_id, exploit in ((12482, 71), (12483, 72))
    ]
    last = NewSecurityScan(
        scan_id=950,
        exploit_id=71,
        node_id=OTHER_NODE,
        port=80,
        protocol=TCP,
        start=1508506200.0,
        end=None,
        status=CheckStatus.RUNNING,
        id=12484,
    )
    return [first, *fillers, *seed_rows, last]


def _scans(connection: Connection) -> None:
    for scan_id, scanner, protocol, start, end in SCANS:
        scans.start_scan(connection, scanner, protocol, start, scan_id=scan_id)
        if end is not None:
            scans.end_scan(connection, scan_id, end, ScanStatus.DONE)
    scans.add_node_scans(connection, 930, [NODE, OTHER_NODE], 1508503001.0)  # ids 1, 2
    scans.add_node_scans(connection, 950, [NODE], 1508506001.5)  # id 3


def _port_scans(connection: Connection) -> None:
    http = Service("http", "Microsoft HTTPAPI httpd", "2.0", "cpe:/o:microsoft:windows")
    port_scans.add_port_scans(
        connection,
        [
            NewPortScan(930, NODE, 5985, TCP, 1508503100.0, http, id=700),
            NewPortScan(930, OTHER_NODE, 80, TCP, 1508503200.5, id=701),
            NewPortScan(950, NODE, 5985, TCP, 1508506100.0, id=702),
        ],
    )


def _vulnerabilities() -> list[NewVulnerability]:
    cve = "CVE-2011-3192"
    return [
        NewVulnerability(
            security_scan_id=12400,
            scan_id=931,
            exploit_id=72,
            node_id=NODE,
            port=5985,
            protocol=TCP,
            output="VULNERABLE",
            time=1508503687.0,
            cve=cve,
            cvss=7.8,
            risk_level="High",
            expiration_time=SEC_START,
            id=500,
        ),
        NewVulnerability(
            security_scan_id=12483,
            scan_id=942,
            exploit_id=72,
            node_id=NODE,
            port=5985,
            protocol=TCP,
            output=LONG_OUTPUT,
            time=SEC_END,
            cve=cve,
            cvss=7.8,
            risk_level="High",
            id=501,
        ),
        NewVulnerability(
            security_scan_id=12482,
            scan_id=942,
            exploit_id=71,
            node_id=NODE,
            port=5985,
            protocol=TCP,
            output="maybe",
            time=1508505422.5,
            risk_level="Medium",
            id=502,
        ),
    ]


def _changes() -> list[NewChange]:
    """Ids 1, 2, 3 in this order."""
    return [
        NewChange(930, NODE, "port_opened", 1508503600.25, port=5985, protocol=TCP, current_value="5985/TCP"),
        NewChange(950, OTHER_NODE, "port_closed", 1508506300.0, previous_scan_id=930, port=80,
                  protocol=TCP, previous_value="80/TCP"),
        NewChange(942, NODE, "vulnerability_appeared", SEC_END, port=5985, protocol=TCP, exploit_id=72,
                  current_value="VULNERABLE"),
    ]  # fmt: skip
