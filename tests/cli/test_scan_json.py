"""`aucote scan --json`: the whole result, findings and informational outputs apart, CVE and CVSS
null when unknown."""

import json

from aucote.cli.scan_json import as_json
from tests.support.scan_results import BYTERANGE, V6, exploit, lab_result


def test_the_summary_counts_findings_by_risk_and_information_apart() -> None:
    document = json.loads(as_json(lab_result()))
    assert document["summary"] == {"findings": 5, "by_risk": {"High": 1, "Medium": 4}, "informational": 5}
    assert {item["risk_level"] for item in document["findings"]} == {"High", "Medium"}
    assert {item["risk_level"] for item in document["informational"]} == {"None"}
    assert (document["status"], document["hosts"], document["open_ports"]) == ("DONE", 3, 5)
    assert document["checks"] == {"DONE": 40, "FAILED": 1}


def test_a_finding_as_json_with_unknown_cvss_null() -> None:
    findings = json.loads(as_json(lab_result()))["findings"]
    byterange = next(item for item in findings if item["exploit"]["name"] == "http-vuln-cve2011-3192")
    assert byterange == {
        "ip": str(V6.ip),
        "node_id": V6.id,
        "port": 80,
        "protocol": "TCP",
        "service": "http",
        "exploit": {
            "id": exploit("nmap", "http-vuln-cve2011-3192").id,
            "app": "nmap",
            "name": "http-vuln-cve2011-3192",
        },
        "risk_level": "Medium",
        "cve": "CVE-2011-3192",
        "cvss": None,
        "output": BYTERANGE,
    }
    weak_kex = next(item for item in findings if item["exploit"]["name"] == "ssh-weak-kex")
    assert (weak_kex["cve"], weak_kex["cvss"]) == (None, None)
    cpe = next(item for item in findings if item["exploit"]["name"] == "cve-by-cpe")
    assert (cpe["cve"], cpe["cvss"]) == ("CVE-2021-41773", 7.5)
