"""The findings a catalogue entry's rule makes of one NSE script's output."""

from aucote.catalog.entry import CatalogEntry
from aucote.model.finding import Finding
from aucote.tools.nmap.report import ScriptResult
from aucote.tools.nmap.vulns import vuln_entries


def findings_of(entry: CatalogEntry, result: ScriptResult) -> tuple[Finding, ...]:
    """The finding the script's output makes under the entry's rule (none for an error)."""
    vulns = vuln_entries(result)
    if not entry.rule.is_finding(result.output, [vuln.state for vuln in vulns]):
        return ()
    cves = [cve for vuln in vulns if vuln.is_vulnerable for cve in vuln.cves]
    cve = ",".join(dict.fromkeys(cves)) or None
    return (Finding(output=result.output.strip(), cve=cve),)
