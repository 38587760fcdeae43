"""A scan result as a lab scan gives it: exploits of the real catalogue, IPv4 and IPv6 hosts,
findings with and without CVE/CVSS, long evidence, and informational outputs."""

from functools import cache
from ipaddress import ip_address

from aucote.catalog.loader import load_catalog
from aucote.engine.result import ScanResult
from aucote.model.exploit import Exploit
from aucote.model.finding import Finding
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus, ScanStatus
from aucote.model.target import Node, Port, Service

V4 = Node(1, ip_address("198.18.200.1"))
V6 = Node(2, ip_address("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"))
SSH = Port(V4, 22, Protocol.TCP, Service("ssh", "OpenSSH", "8.9p1 Ubuntu 3ubuntu0.10"))
HTTPS = Port(V4, 443, Protocol.TCP, Service("http", "nginx", "1.18.0", tunnel="ssl"))
HTTP = Port(V6, 80, Protocol.TCP, Service("http", "Apache httpd", "2.4.49 ((Unix))"))
DNS = Port(V4, 53, Protocol.UDP, Service("domain"))
QUIET = Port(Node(3, ip_address("198.18.200.12")), 8080, Protocol.TCP, Service("http-proxy"))

WEAK_KEX = "weak key exchange algorithms offered: diffie-hellman-group1-sha1, diffie-hellman-group14-sha1"
RC4 = "RC4 cipher suites accepted: TLS_ECDHE_RSA_WITH_RC4_128_SHA, TLS_RSA_WITH_RC4_128_SHA"
CVE_41773 = (
    "CVE-2021-41773 (7.5): A flaw was found in a change made to path normalization in Apache HTTP "
    "Server 2.4.49."
)
BYTERANGE = (
    "\n  VULNERABLE:\n  Apache byterange filter DoS\n    State: VULNERABLE\n    IDs:  CVE:CVE-2011-3192"
)


@cache
def _catalogue() -> dict[tuple[str, str], Exploit]:
    return {(e.app, e.name): e for e in load_catalog().exploits}


def exploit(app: str, name: str) -> Exploit:
    """The catalogue's exploit `app name`."""
    return _catalogue()[app, name]


def lab_result() -> ScanResult:
    """Five findings (1 High, 4 Medium) on three ports of two hosts; five informational outputs, two
    of them on ports (of a third host) without a finding."""
    result = ScanResult(scan_ids={"tcp": 3, "tools_basic": 4}, status=ScanStatus.DONE, hosts=3, open_ports=5)
    result.checks = {CheckStatus.DONE: 40, CheckStatus.FAILED: 1}
    result.report(HTTP, exploit("nmap", "http-title"), [Finding("Range test")])
    result.report(HTTP, exploit("nmap", "http-vuln-cve2011-3192"), [Finding(BYTERANGE)])
    result.report(HTTP, exploit("aucote-cve", "cve-by-cpe"), [Finding(CVE_41773, 1, "CVE-2021-41773", 7.5)])
    result.report(SSH, exploit("aucote-ssh", "ssh-server-version"), [Finding("SSH-2.0-OpenSSH_8.9p1")])
    result.report(SSH, exploit("aucote-ssh", "ssh-weak-kex"), [Finding(f"{WEAK_KEX}\nsecond line")])
    result.report(HTTPS, exploit("aucote-tls", "cipher-rc4"), [Finding(RC4)])
    result.report(HTTPS, exploit("aucote-tls", "heartbleed"), [Finding("heartbeat answers with 16384 bytes")])
    result.report(HTTPS, exploit("nmap", "ssl-cert"), [Finding("Subject: commonName=lab.example\nIssuer: x")])
    result.report(DNS, exploit("nmap", "dns-nsid"), [Finding("bind.version: 9.18.1")])
    result.report(QUIET, exploit("nmap", "http-title"), [Finding("Welcome to nginx!")])
    return result
