"""ScanResult files what checks report as findings (risk ≥ Low) or informational outputs (risk None)
and counts findings by risk."""

from aucote.engine.result import ScanResult
from aucote.model.finding import Finding
from aucote.model.status import RiskLevel
from tests.support.scan_results import HTTP, exploit


def test_outputs_are_filed_by_the_exploits_risk() -> None:
    result = ScanResult()
    result.report(HTTP, exploit("nmap", "http-title"), [Finding("Range test")])
    result.report(HTTP, exploit("aucote-http-headers", "csp"), [Finding("no Content-Security-Policy")])
    result.report(HTTP, exploit("aucote-http-headers", "hsts"), [])
    assert [item.exploit.name for item in result.findings] == ["csp"]
    assert [item.exploit.name for item in result.informational] == ["http-title"]
    assert result.by_risk() == {RiskLevel.LOW: 1}
    assert result.findings[0].scoring.cvss is None
