"""Rows as a hostile scanned host writes them: markup in a banner, a product, a finding's output, a
change's values and a check's detail. Stored through the repository write functions."""

from sqlalchemy import Engine

from aucote.model.exploit import Exploit
from aucote.model.status import CheckReason, CheckStatus, RiskLevel, ScanStatus
from aucote.model.target import Service
from aucote.storage.repository import changes, exploits, nodes, port_scans, scans, security_scans
from aucote.storage.repository import vulnerabilities as findings
from aucote.storage.repository.records import NewChange, NewPortScan, NewSecurityScan, NewVulnerability

SCRIPT = "<script>document.title='pwned'</script>"
IMAGE = '<img src=x onerror="alert(1)">'
IP = "10.66.0.1"
TCP = 6
START = 1508800000.0


def add_hostile(engine: Engine) -> None:
    """A node with one hostile port, check, finding and change (ids 9xx)."""
    exploit = Exploit(901, "aucote-http-headers", "server", f"Server header {IMAGE}", SCRIPT, RiskLevel.HIGH)
    with engine.begin() as connection:
        exploits.sync_exploits(connection, [exploit])
        nodes.add_node(connection, IP, START, 66)
        scans.start_scan(connection, "tcp", TCP, START, scan_id=960)
        scans.end_scan(connection, 960, START + 60, ScanStatus.DONE)
        scans.add_node_scans(connection, 960, [66], START + 1)
        service = Service("http", IMAGE, SCRIPT, None, banner=SCRIPT)
        port_scans.add_port_scans(connection, [NewPortScan(960, 66, 80, TCP, START + 2, service, id=960)])
        check = NewSecurityScan(
            scan_id=960, exploit_id=901, node_id=66, port=80, protocol=TCP, start=START + 3,
            end=START + 4, status=CheckStatus.FAILED, reason=CheckReason.SCRIPT_ERROR, detail=SCRIPT, id=960,
        )  # fmt: skip
        security_scans.add_security_scans(connection, [check])
        finding = NewVulnerability(
            security_scan_id=960, scan_id=960, exploit_id=901, node_id=66, port=80, protocol=TCP,
            output=f"{SCRIPT}\n{IMAGE}", time=START + 4, cve=SCRIPT, risk_level="High", id=960,
        )  # fmt: skip
        findings.add_vulnerabilities(connection, [finding])
        change = NewChange(960, 66, "service_changed", START + 60, port=80, protocol=TCP,
                           previous_value=IMAGE, current_value=SCRIPT)  # fmt: skip
        changes.add_changes(connection, [change])
