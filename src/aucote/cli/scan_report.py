"""The end of `aucote scan`: a table of findings, or the whole result as JSON."""

import json

from rich.console import Console
from rich.table import Table

from aucote.engine.result import ScanResult


def print_table(console: Console, result: ScanResult) -> None:
    """Summary line, problems, and one row per finding, highest risk first."""
    counts = ", ".join(f"{count} {status.value.lower()}" for status, count in sorted(result.checks.items()))
    console.print(
        f"Scan {result.status.value}: {result.hosts} hosts, {result.open_ports} open ports, "
        f"checks: {counts or 'none'}; scans {_ids(result)}"
    )
    for problem in result.problems:
        console.print(f"[yellow]problem:[/] {problem}", highlight=False)
    if not result.findings:
        console.print("No findings.")
        return
    table = Table(
        "port", "exploit", "risk", "cve", "cvss", "finding", title=f"{len(result.findings)} findings"
    )
    order = {"High": 0, "Medium": 1, "Low": 2, "None": 3}
    for item in sorted(result.findings, key=lambda f: (order[f.exploit.risk_level.value], str(f.port))):
        first_line = item.finding.output.strip().splitlines()[0][:80] if item.finding.output.strip() else ""
        cvss = item.finding.cvss if item.finding.cvss is not None else item.exploit.cvss
        cve = item.finding.cve or ",".join(item.exploit.cve)
        table.add_row(
            str(item.port),
            f"{item.exploit.app} {item.exploit.name}",
            item.exploit.risk_level.value,
            cve,
            f"{cvss:g}",
            first_line,
        )
    console.print(table)


def as_json(result: ScanResult) -> str:
    """The result as a JSON document."""
    return json.dumps(
        {
            "status": result.status.value,
            "reason": result.reason,
            "scans": result.scan_ids,
            "hosts": result.hosts,
            "open_ports": result.open_ports,
            "checks": {status.value: count for status, count in result.checks.items()},
            "problems": result.problems,
            "findings": [
                {
                    "ip": str(item.port.node.ip),
                    "node_id": item.port.node.id,
                    "port": item.port.number,
                    "protocol": item.port.protocol.name,
                    "service": item.port.service.name if item.port.service else None,
                    "exploit": {"id": item.exploit.id, "app": item.exploit.app, "name": item.exploit.name},
                    "risk_level": item.exploit.risk_level.value,
                    "cve": item.finding.cve or (",".join(item.exploit.cve) or None),
                    "cvss": item.finding.cvss if item.finding.cvss is not None else item.exploit.cvss,
                    "output": item.finding.output,
                }
                for item in result.findings
            ],
        },
        indent=2,
    )


def _ids(result: ScanResult) -> str:
    return ", ".join(f"{name} #{scan_id}" for name, scan_id in result.scan_ids.items())
