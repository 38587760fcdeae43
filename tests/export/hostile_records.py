"""Finding records made by hand holding what JSON must escape (quotes, backslashes, control
characters, a new line) and what it must not (non-ASCII, U+2028), an IPv6 address, an unknown
protocol number, two CVEs and a fractional CVSS, an expiry; and a plain one (IPv4, TCP, no CVE, no
CVSS, no expiry, whole-second time). The exports that write their rows by hand (SARIF, JSON,
DefectDojo) must write them as `json.dumps` writes the same objects."""

import json
from typing import Any

from aucote.model.finding import Scoring
from aucote.model.status import RiskLevel
from aucote.storage.queries.finding_rows import ExploitInfo, FindingRecord

HOSTILE = 'A "quoted" \\ back\tslash\x00\x1f é ☃ \u2028 <script>'
HOSTILE_EXPLOIT = ExploitInfo(id=7, app="app\\x", name='na"me', title=HOSTILE, description=HOSTILE + "\n",
                              category="vuln", risk_level="High", cvss=0.0)  # fmt: skip
HOSTILE_SCORING = Scoring(cve="CVE-2024-1, CVE-2024-2", cvss=7.25, risk_level=RiskLevel.HIGH)
HOSTILE_RECORD = FindingRecord(id=9, seq=9, node_id=1, ip="2001:db8::é", port=443, protocol=99, subid=2,
                               exploit=HOSTILE_EXPLOIT, scan_id=4, scanner=HOSTILE,
                               output=HOSTILE + "\n" + HOSTILE, scoring=HOSTILE_SCORING,
                               time=1700000000.5, expiration_time=1700000001.0)  # fmt: skip
PLAIN_EXPLOIT = ExploitInfo(id=8, app="nmap", name="ftp-anon", title="", description="", category="vuln",
                            risk_level="Low", cvss=0.0)  # fmt: skip
PLAIN_RECORD = FindingRecord(id=10, seq=10, node_id=2, ip="10.0.0.1", port=21, protocol=6, subid=0,
                             exploit=PLAIN_EXPLOIT, scan_id=5, scanner="tools_basic", output="",
                             scoring=Scoring(cve=None, cvss=None, risk_level=RiskLevel.LOW),
                             time=1700000000.0, expiration_time=None)  # fmt: skip
TIME, TIME_HUMAN = 1700000000.5, "2023-11-14T22:13:20.500000+00:00"
EXPIRED, EXPIRED_HUMAN = 1700000001, "2023-11-14T22:13:21+00:00"
PLAIN_TIME, PLAIN_TIME_HUMAN = 1700000000, "2023-11-14T22:13:20+00:00"


def dumped(items: list[dict[str, Any]]) -> list[str]:
    """The items as `json.dumps` writes them (the exports' encoder: ensure_ascii off)."""
    return [json.dumps(item, ensure_ascii=False) for item in items]


def item_lines(text: str, items: list[Any]) -> list[str]:
    """The lines of an export (one item a line, a comma after all but the last) that hold `items`,
    found by the first one's text as `json.dumps` writes it."""
    lines = [line.removesuffix(",") for line in text.splitlines()]
    first = json.dumps(items[0], ensure_ascii=False)
    start = lines.index(first) if first in lines else 0
    return lines[start : start + len(items)]
