"""A host's history for the diff and the next due, stored through the repository write functions:
two `aucote scan`-like runs (a tcp scan, then a tools_basic scan) on Monday 2 March 2026, then a udp
scan. Between the runs FTP (21) closed, HTTPS (443) opened and OpenSSH went from 8.0 to 9.6; the
second tools run no longer reports the byterange DoS on 80, finds a new one on 443 and reports the
headers finding on 80 with new evidence; its banner check on 22 failed.

Scan ids: 1 tcp, 2 tools_basic, 3 tcp, 4 tools_basic, 5 udp."""

from sqlalchemy import Engine

from aucote.model.exploit import Exploit
from aucote.model.status import CheckStatus, RiskLevel, ScanStatus
from aucote.model.target import Service
from aucote.storage.repository import exploits, nodes, port_scans, scans, security_scans, vulnerabilities
from aucote.storage.repository.records import NewPortScan, NewSecurityScan, NewVulnerability
from tests.web.schedule_support import utc

IP = "192.0.2.5"
NODE = 5
TCP, UDP = 6, 17
BYTERANGE, FTP_ANON, BANNER, HEADERS, HEARTBLEED = 72, 73, 74, 75, 76
HIGH, MEDIUM, LOW, INFO = RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW, RiskLevel.NONE
EXPLOITS = [
    Exploit(BYTERANGE, "nmap", "http-vuln-cve2011-3192", "Apache byterange filter DoS", risk_level=HIGH),
    Exploit(FTP_ANON, "nmap", "ftp-anon", "Anonymous FTP login", risk_level=MEDIUM),
    Exploit(BANNER, "nmap", "banner", "Banner", risk_level=INFO),
    Exploit(HEADERS, "aucote-http-headers", "x-frame-options", "Missing X-Frame-Options", risk_level=LOW),
    Exploit(HEARTBLEED, "nmap", "ssl-heartbleed", "Heartbleed", risk_level=HIGH),
]
SCANS = [
    (1, "tcp", TCP, utc(2, 1)),
    (2, "tools_basic", None, utc(2, 2)),
    (3, "tcp", TCP, utc(2, 20)),
    (4, "tools_basic", None, utc(2, 22)),
    (5, "udp", UDP, utc(2, 23)),
]
SSH_8 = Service("ssh", "OpenSSH", "8.0")
SSH_9 = Service("ssh", "OpenSSH", "9.6")
NGINX = Service("http", "nginx", "1.18.0")
PORTS = {
    1: [(21, TCP, Service("ftp", "vsftpd", "3.0.3")), (22, TCP, SSH_8), (80, TCP, NGINX)],
    3: [(22, TCP, SSH_9), (80, TCP, NGINX), (443, TCP, Service("https", "nginx", "1.18.0"))],
    5: [(53, UDP, Service("domain", "dnsmasq", "2.89"))],
}
# (scan, exploit, port, status, finding risk and output or None)
CHECKS = [
    (2, BYTERANGE, 80, CheckStatus.DONE, ("High", "VULNERABLE: byterange")),
    (2, FTP_ANON, 21, CheckStatus.DONE, ("Medium", "Anonymous FTP login allowed")),
    (2, BANNER, 22, CheckStatus.DONE, ("None", "SSH-2.0-OpenSSH_8.0")),
    (2, HEADERS, 80, CheckStatus.DONE, ("Low", "no X-Frame-Options on /")),
    (4, BYTERANGE, 80, CheckStatus.DONE, None),
    (4, HEARTBLEED, 443, CheckStatus.DONE, ("High", "VULNERABLE: heartbleed")),
    (4, HEADERS, 80, CheckStatus.DONE, ("Low", "no X-Frame-Options on /admin")),
    (4, BANNER, 22, CheckStatus.FAILED, None),
]


def store_history(engine: Engine) -> None:
    """Store the history in one transaction."""
    with engine.begin() as connection:
        exploits.sync_exploits(connection, EXPLOITS)
        nodes.add_node(connection, IP, utc(2, 1), NODE)
        for scan_id, scanner, protocol, start in SCANS:
            scans.start_scan(connection, scanner, protocol, start, scan_id=scan_id)
            scans.add_node_scans(connection, scan_id, [NODE], start)
            scans.end_node_scan(connection, scan_id, NODE, start + 60)
            scans.end_scan(connection, scan_id, start + 60, ScanStatus.DONE)
        for scan_id, found in PORTS.items():
            start = SCANS[scan_id - 1][3]
            rows = [
                NewPortScan(scan_id, NODE, port, protocol, start + 10, service)
                for port, protocol, service in found
            ]
            port_scans.add_port_scans(connection, rows)
        for scan_id, exploit, port, status, finding in CHECKS:
            start = SCANS[scan_id - 1][3] + 10
            row = NewSecurityScan(scan_id=scan_id, exploit_id=exploit, node_id=NODE, port=port, protocol=TCP,
                                  start=start, end=start + 5, status=status)  # fmt: skip
            (security_scan_id,) = security_scans.add_security_scans(connection, [row])
            if finding is not None:
                risk, output = finding
                vulnerabilities.add_vulnerabilities(connection, [NewVulnerability(
                    security_scan_id=security_scan_id, scan_id=scan_id, exploit_id=exploit, node_id=NODE,
                    port=port, protocol=TCP, output=output, time=start + 5, risk_level=risk)])  # fmt: skip
