"""Turning the script results of one nmap run into one outcome per selected exploit."""

from aucote.catalog.entry import CatalogEntry
from aucote.model.finding import Finding
from aucote.tools.nmap.report import NmapRun, ScriptResult
from aucote.tools.nmap.vulns import vuln_entries


def script_result(run: NmapRun, name: str) -> ScriptResult | None:
    """The output of script `name` for the port, the host, or the run (pre/post rules)."""
    for host in run.hosts:
        for port in host.ports:
            if found := port.script(name):
                return found
        for script in host.scripts:
            if script.id == name:
                return script
    return next((s for s in (*run.prescripts, *run.postscripts) if s.id == name), None)


def findings_of(entry: CatalogEntry, result: ScriptResult | None) -> tuple[Finding, ...]:
    """The finding the script's output makes under the entry's rule (none when it printed nothing)."""
    if result is None:
        return ()
    vulns = vuln_entries(result)
    if not entry.rule.is_finding(result.output, [vuln.state for vuln in vulns]):
        return ()
    cves = [cve for vuln in vulns if vuln.is_vulnerable for cve in vuln.cves]
    cve = ",".join(dict.fromkeys(cves)) or None
    return (Finding(output=result.output.strip(), cve=cve),)
