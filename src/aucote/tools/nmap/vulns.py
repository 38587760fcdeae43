"""Reading the entries nmap's `vulns` library writes (title, state, ids) out of a script result."""

from dataclasses import dataclass

from aucote.tools.nmap.report import ScriptResult, ScriptTable

VULNERABLE_STATES = frozenset(
    {"VULNERABLE", "LIKELY VULNERABLE", "VULNERABLE (DoS)", "VULNERABLE (Exploitable)"}
)
"""States the vulns library reports for a (possible) finding; "NOT VULNERABLE" and
"UNKNOWN (unable to test)" are the others."""


@dataclass(frozen=True, slots=True)
class VulnEntry:
    """One vulnerability a script reported through the vulns library."""

    key: str
    title: str
    state: str
    ids: tuple[str, ...] = ()

    @property
    def is_vulnerable(self) -> bool:
        return self.state in VULNERABLE_STATES

    @property
    def cves(self) -> tuple[str, ...]:
        """The CVE ids among `ids` ("CVE:CVE-2011-3192" -> "CVE-2011-3192")."""
        return tuple(i.removeprefix("CVE:") for i in self.ids if i.startswith("CVE:"))


def vuln_entries(script: ScriptResult) -> tuple[VulnEntry, ...]:
    """The vulns-library entries of `script`: tables (top level or directly below) with a `state`."""
    tables = (script.data, *script.data.tables)
    return tuple(_entry(t) for t in tables if t.get("state") is not None)


def _entry(table: ScriptTable) -> VulnEntry:
    ids = table.table("ids")
    return VulnEntry(
        key=table.key or "",
        title=table.get("title") or "",
        state=table.get("state") or "",
        ids=ids.values() if ids else (),
    )
