"""The end of `aucote scan --json`: the whole result as one JSON document."""

import json

from aucote.engine.result import ReportedFinding, ScanResult


def as_json(result: ScanResult) -> str:
    """The result as a JSON document: findings (risk ≥ Low) and informational outputs apart."""
    return json.dumps(
        {
            "status": result.status.value,
            "reason": result.reason,
            "scans": result.scan_ids,
            "hosts": result.hosts,
            "open_ports": result.open_ports,
            "checks": {status.value: count for status, count in result.checks.items()},
            "problems": result.problems,
            "summary": {
                "findings": len(result.findings),
                "by_risk": {risk.value: count for risk, count in result.by_risk().items()},
                "informational": len(result.informational),
            },
            "findings": [_item(item) for item in result.findings],
            "informational": [_item(item) for item in result.informational],
        },
        indent=2,
    )


def _item(item: ReportedFinding) -> dict[str, object]:
    """One finding; `cve` and `cvss` are null when unknown."""
    score = item.scoring
    return {
        "ip": str(item.port.node.ip),
        "node_id": item.port.node.id,
        "port": item.port.number,
        "protocol": item.port.protocol.name,
        "service": item.port.service.name if item.port.service else None,
        "exploit": {"id": item.exploit.id, "app": item.exploit.app, "name": item.exploit.name},
        "risk_level": score.risk_level.value,
        "cve": score.cve,
        "cvss": score.cvss,
        "output": item.finding.output,
    }
