"""Reading vulns-library entries out of recorded script results."""

from aucote.tools.nmap.report import ScriptResult
from aucote.tools.nmap.vulns import VulnEntry, vuln_entries
from tests.tools.nmap.recorded import recorded


def script(fixture: str, script_id: str) -> ScriptResult:
    found = recorded(fixture).hosts[0].ports[0].script(script_id)
    assert found is not None
    return found


def test_vulnerable_entry() -> None:
    (entry,) = vuln_entries(script("scripts_vulnerable", "http-vuln-cve2011-3192"))
    assert entry == VulnEntry(
        "CVE-2011-3192", "Apache byterange filter DoS", "VULNERABLE", ("CVE:CVE-2011-3192", "BID:49303")
    )
    assert entry.is_vulnerable
    assert entry.cves == ("CVE-2011-3192",)


def test_not_vulnerable_entry() -> None:
    (entry,) = vuln_entries(script("scripts_not_vulnerable_showall", "http-vuln-cve2011-3192"))
    assert (entry.state, entry.is_vulnerable) == ("NOT VULNERABLE", False)


def test_other_scripts_have_no_entries() -> None:
    assert vuln_entries(script("scripts_vulnerable", "http-title")) == ()


def test_likely_vulnerable_counts_as_vulnerable() -> None:
    assert VulnEntry("k", "t", "LIKELY VULNERABLE").is_vulnerable
    assert not VulnEntry("k", "t", "UNKNOWN (unable to test)").is_vulnerable
