"""Where to read more about a finding: the NVD page of each of its CVEs and, for an nmap script,
its NSE documentation (links only: the pages fetch nothing from elsewhere)."""

import re
from dataclasses import dataclass

CVE = re.compile(r"^CVE-\d{4}-\d{4,}$")
NVD = "https://nvd.nist.gov/vuln/detail/"
NSEDOC = "https://nmap.org/nsedoc/scripts/"
SCRIPT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Reference:
    """A link: what it is and where."""

    label: str
    url: str


def references(app: str, name: str, cves: str | None) -> list[Reference]:
    """The finding's references: CVE pages (well-formed ids only), the nmap script's page."""
    found = [Reference(cve, NVD + cve) for cve in cve_ids(cves)]
    if app == "nmap" and SCRIPT_NAME.match(name):
        found.append(Reference(f"nmap script {name}", f"{NSEDOC}{name}.html"))
    return found


def cve_ids(cves: str | None) -> list[str]:
    """The well-formed CVE ids of a comma-separated list, in order, once each."""
    parts = [part.strip().upper() for part in (cves or "").split(",")]
    return list(dict.fromkeys(part for part in parts if CVE.match(part)))
