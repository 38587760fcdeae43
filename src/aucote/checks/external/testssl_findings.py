"""testssl results as findings: one per result of severity LOW or worse, none when there is none
(the original stored an empty finding then)."""

import re
import zlib
from typing import Final

from aucote.model.finding import Finding
from aucote.tools.testssl.report import TestsslItem, TestsslReport

_CVE: Final = re.compile(r"CVE-\d{4}-\d{4,}", re.IGNORECASE)
_SUBIDS: Final = 1 << 31


def weakness_findings(report: TestsslReport) -> tuple[Finding, ...]:
    """`<id>: <finding>` plus severity (and CWE) for each weakness, its CVEs in `cve`.

    Each finding's `subid` comes from the testssl id, so the same result keeps its number from
    scan to scan and changes between scans are told apart per result."""
    used: set[int] = set()
    return tuple(_finding(item, _subid(item.id, used)) for item in report.weaknesses)


def _finding(item: TestsslItem, subid: int) -> Finding:
    lines = [f"{item.id}: {item.finding}", f"testssl severity: {item.severity}"]
    lines += [f"CWE: {item.cwe}"] if item.cwe else []
    cves = ",".join(dict.fromkeys(cve.upper() for cve in _CVE.findall(item.cve or "")))
    return Finding("\n".join(lines), subid=subid, cve=cves or None)


def _subid(item_id: str, used: set[int]) -> int:
    """A number from `item_id` (CRC-32, 31 bits) not yet in `used`, which it joins."""
    subid = zlib.crc32(item_id.encode()) % _SUBIDS
    while subid in used:
        subid = (subid + 1) % _SUBIDS
    used.add(subid)
    return subid
