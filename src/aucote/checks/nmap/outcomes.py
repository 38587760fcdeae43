"""The one path from nmap's script results to outcomes, for live scans and imported reports alike:
find a script's result for a port (by address, protocol and number, then the host's scripts), and
judge it (an error is FAILED with reason SCRIPT_ERROR, never DONE; otherwise DONE with the
findings the catalogue entry's rule makes of it)."""

from aucote.catalog.entry import CatalogEntry
from aucote.catalog.rule import error_text
from aucote.checks.contract import ExploitOutcome
from aucote.checks.nmap.findings import findings_of
from aucote.checks.reasons import unjudged
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import IPAddress
from aucote.tools.nmap.report import NmapRun, ScriptResult


def find_script(
    run: NmapRun, address: IPAddress, protocol: Protocol, number: int, name: str
) -> ScriptResult | None:
    """Script `name`'s result for the port: printed on that very port (same address, protocol and
    number), else on its host (`<hostscript>`), else before or after the scan (pre/post rules)."""
    hosts = [host for host in run.hosts if host.address == address]
    ports = [p for h in hosts for p in h.ports if (p.protocol, p.number) == (protocol, number)]
    found = [s for p in ports for s in p.scripts if s.id == name]
    found += [s for h in hosts for s in h.scripts if s.id == name]
    found += [s for s in (*run.prescripts, *run.postscripts) if s.id == name]
    return found[0] if found else None


def script_outcome(entry: CatalogEntry, script: ScriptResult, start: float, end: float) -> ExploitOutcome:
    """The outcome of a script that printed `script`: FAILED (SCRIPT_ERROR, the error as detail) when
    its output is an NSE error, else DONE with its findings under the entry's rule."""
    error = error_text(script.output)
    if error is not None:
        return unjudged(entry.id, CheckReason.SCRIPT_ERROR, error, start, end)
    findings = findings_of(entry, script)
    return ExploitOutcome(
        exploit_id=entry.id, status=CheckStatus.DONE, start=start, end=end, findings=findings
    )
