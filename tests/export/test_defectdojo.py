"""DefectDojo Generic Findings Import exports: the shape DefectDojo's parser accepts
(dojo/tools/generic/json_parser.py: required and allowed keys, severities, dates parsed by
dateutil, endpoints as URIs), whole reports for the seed."""

import json
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine

from aucote.export import defectdojo, exports
from aucote.export.tool import tool_version
from aucote.model.export import ExportFormat
from aucote.model.status import RiskLevel
from aucote.storage.queries.port_scans import PortScanFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter
from tests.export.hostile_records import (
    EXPIRED_HUMAN,
    HOSTILE,
    HOSTILE_RECORD,
    PLAIN_RECORD,
    PLAIN_TIME_HUMAN,
    TIME_HUMAN,
    dumped,
    item_lines,
)

# The format of the rows is the same on both backends; the export queries run on PostgreSQL in
# tests/export/test_findings.py and tests/export/test_hosts.py.
pytestmark = pytest.mark.backends("sqlite")

REQUIRED = {"title", "severity", "description"}
# The keys DefectDojo's generic JSON parser accepts on a finding (besides endpoints, files, tags,
# vulnerability_ids and cwes, which it takes apart); any other key refuses the whole report.
ALLOWED_TEXT = """
    date cwe cve epss_score epss_percentile cvssv3 cvssv3_score cvssv4 cvssv4_score mitigation
    impact steps_to_reproduce severity_justification references active verified false_p
    out_of_scope risk_accepted under_review is_mitigated thread_id mitigated numerical_severity
    param payload line file_path component_name component_version static_finding dynamic_finding
    scanner_confidence unique_id_from_tool vuln_id_from_tool sast_source_object sast_sink_object
    sast_source_line sast_source_file_path nb_occurences publish_date service
    planned_remediation_date planned_remediation_version effort_for_fixing tags kev_date
    known_exploited ransomware_used fix_available fix_version endpoints
"""
ALLOWED = REQUIRED | set(ALLOWED_TEXT.split())
SEVERITIES = {"Info", "Low", "Medium", "High", "Critical"}
HEAD = {
    "name": "Aucote",
    "type": "Aucote",
    "version": tool_version(),
    "description": "Findings of Aucote, a network security scanner",
    "dynamic_tool": True,
    "static_tool": False,
}
LONG = "VULNERABLE:\n  Apache byterange filter DoS\n" + "x" * 120
Json = dict[str, Any]


def report(chunks: Any) -> Json:
    document: Json = json.loads("".join(chunks))
    return document


def check_shape(document: Json) -> None:
    """What DefectDojo's parser checks, and what its Finding and Endpoint models need."""
    assert set(document) == {*HEAD, "findings"}
    for item in document["findings"]:
        assert REQUIRED <= set(item) <= ALLOWED, item
        assert item["severity"] in SEVERITIES
        assert isinstance(item["title"], str) and 0 < len(item["title"]) <= 511
        date.fromisoformat(item["date"])
        if "mitigated" in item:
            assert datetime.fromisoformat(item["mitigated"]).tzinfo is not None
        assert len(item["unique_id_from_tool"]) <= 500
        for endpoint in item["endpoints"]:
            parts = urlsplit(endpoint)
            assert parts.scheme in ("tcp", "udp", "sctp") and parts.hostname and parts.port


def ids(where: VulnerabilityFilter, engine: Engine) -> list[str]:
    return [
        f["unique_id_from_tool"]
        for f in report(exports.findings(engine, where, ExportFormat.DEFECTDOJO))["findings"]
    ]


def finding(title: str, description: str, severity: str, day: str, steps: str, unique: str, vuln: str,
            uri: str, **extra: Any) -> Json:  # fmt: skip
    found = {"title": title, "description": description, "severity": severity, "date": day,
             "steps_to_reproduce": steps, **extra}  # fmt: skip
    return {**found, "unique_id_from_tool": unique, "vuln_id_from_tool": vuln, "static_finding": False,
            "dynamic_finding": True, "endpoints": [uri]}  # fmt: skip


BYTERANGE = "nmap/http-vuln-cve2011-3192"
COLDFUSION = "nmap/http-vuln-cve2010-2861"
XFO = "aucote-http-headers/x-frame-options"
ABOUT_72 = (
    "Checks CVE-2011-3192.\n\nFound on 10.12.2.175:5985/TCP by nmap/http-vuln-cve2011-3192 (exploit 72)."
)
CVE = {
    "cve": "CVE-2011-3192",
    "references": "https://nvd.nist.gov/vuln/detail/CVE-2011-3192",
    "cvssv3_score": 7.8,
}
URI = "tcp://10.12.2.175:5985"
EXPECTED_SEED = [
    finding("Apache byterange filter DoS", f"{ABOUT_72}\n\nCVE: CVE-2011-3192.", "High", "2017-10-20",
            "Reported in scan 931 (tools_basic) at 2017-10-20T12:48:07+00:00:\n\nVULNERABLE",
            f"10.12.2.175/tcp/5985/{BYTERANGE}/0", BYTERANGE, URI, **CVE, active=False, is_mitigated=True,
            mitigated="2017-10-20T12:59:55.823977+00:00"),
    finding("Apache byterange filter DoS", f"{ABOUT_72}\n\nCVE: CVE-2011-3192.", "High", "2017-10-20",
            f"Reported in scan 942 (tools_advanced) at 2017-10-20T13:17:02+00:00:\n\n{LONG}",
            f"10.12.2.175/tcp/5985/{BYTERANGE}/0", BYTERANGE, URI, **CVE, active=True),
    finding("ColdFusion directory traversal",
            f"Checks CVE-2010-2861.\n\nFound on 10.12.2.175:5985/TCP by {COLDFUSION} (exploit 71).",
            "Medium", "2017-10-20",
            "Reported in scan 942 (tools_advanced) at 2017-10-20T13:17:02.500000+00:00:\n\nmaybe",
            f"10.12.2.175/tcp/5985/{COLDFUSION}/0", COLDFUSION, URI, active=True),
    finding("Missing X-Frame-Options",
            "Found on 10.12.2.176:8107/TCP by aucote-http-headers/x-frame-options (exploit 140).", "Low",
            "2017-10-20",
            "Reported in scan 942 (tools_advanced) at 2017-10-20T13:00:12+00:00:\n\nX-Frame-Options: missing",
            f"10.12.2.176/tcp/8107/{XFO}/0", XFO, "tcp://10.12.2.176:8107", active=True),
]  # fmt: skip


def test_the_seeds_findings(seeded_db: Engine) -> None:
    document = report(exports.findings(seeded_db, VulnerabilityFilter(), ExportFormat.DEFECTDOJO))
    assert document == {**HEAD, "findings": EXPECTED_SEED}
    check_shape(document)


@pytest.mark.parametrize(
    ("risk", "severity"),
    [("High", "High"), ("Medium", "Medium"), ("Low", "Low"), ("None", "Info")],
)
def test_severity_follows_the_risk(seeded_db: Engine, risk: str, severity: str) -> None:
    document = report(
        exports.findings(seeded_db, VulnerabilityFilter(risk_level=risk), ExportFormat.DEFECTDOJO)
    )
    assert document["findings"]
    assert {item["severity"] for item in document["findings"]} == {severity}
    check_shape(document)


def test_the_same_finding_has_the_same_id_in_every_scan(seeded_db: Engine) -> None:
    """Findings 500 (scan 931) and 501 (scan 942): one exploit on one port, so one id to re-import."""
    found = ids(VulnerabilityFilter(min_risk=RiskLevel.HIGH), seeded_db)
    assert found == [f"10.12.2.175/tcp/5985/{BYTERANGE}/0"] * 2
    where = VulnerabilityFilter(min_risk=RiskLevel.HIGH)
    items = report(exports.findings(seeded_db, where, ExportFormat.DEFECTDOJO))["findings"]
    # DefectDojo's legacy hash code is made of title and description: the same in both scans.
    assert len({(item["title"], item["description"]) for item in items}) == 1
    assert len({item["steps_to_reproduce"] for item in items}) == 2


def test_hostile_findings(hostile: Engine) -> None:
    document = report(exports.findings(hostile, VulnerabilityFilter(), ExportFormat.DEFECTDOJO))
    check_shape(document)
    pair = document["findings"][1]
    assert (pair["cve"], pair["cvssv3_score"], pair["severity"]) == ("CVE-2021-41773", 9.8, "High")
    assert pair["references"] == (
        "https://nvd.nist.gov/vuln/detail/CVE-2021-41773\nhttps://nvd.nist.gov/vuln/detail/CVE-2021-42013"
    )
    assert document["findings"][2]["endpoints"] == ["udp://[2001:db8::1]:53"]
    assert len({item["unique_id_from_tool"] for item in document["findings"]}) == 5


def test_open_ports_are_info_findings(seeded_db: Engine) -> None:
    document = report(exports.hosts(seeded_db, PortScanFilter(), ExportFormat.DEFECTDOJO))
    check_shape(document)
    assert document["findings"][0] == {
        "title": "Open port 5985/TCP",
        "description": "10.12.2.175:5985/TCP open.\n\nService: name http, product Microsoft HTTPAPI httpd, "
        "version 2.0, cpe cpe:/o:microsoft:windows.",
        "severity": "Info",
        "date": "2017-10-20",
        "steps_to_reproduce": "Seen open in 2 scans from 2017-10-20T12:38:20+00:00 to "
        "2017-10-20T13:28:20+00:00, last in scan 950 (tcp).",
        "service": "http",
        "active": True,
        "unique_id_from_tool": "10.12.2.175/tcp/5985",
        "vuln_id_from_tool": "aucote/open-port",
        "static_finding": False,
        "dynamic_finding": True,
        "endpoints": ["tcp://10.12.2.175:5985"],
    }
    assert document["findings"][1]["steps_to_reproduce"].startswith("Seen open in 1 scan from")
    assert "service" not in document["findings"][1]


def test_items_of_hostile_texts_are_what_json_dumps_writes() -> None:
    """The items are written by an f-string: the same bytes as the encoder's for the same item
    (escaping, non-ASCII, numbers, the optional keys present or not)."""
    written = defectdojo.FindingItems().batch([HOSTILE_RECORD, PLAIN_RECORD])
    rule = 'app\\x/na"me'
    about = (
        f"{HOSTILE}\n\n\nFound on [2001:db8::é]:443/99 by {rule} (exploit 7).\n\nCVE: CVE-2024-1, CVE-2024-2."
    )
    references = "https://nvd.nist.gov/vuln/detail/CVE-2024-1\nhttps://nvd.nist.gov/vuln/detail/CVE-2024-2"
    expected = [
        finding(HOSTILE, about, "High", "2023-11-14",
                f"Reported in scan 4 ({HOSTILE}) at {TIME_HUMAN}:\n\n{HOSTILE}\n{HOSTILE}",
                f"2001:db8::é/99/443/{rule}/2", rule, "99://[2001:db8::é]:443",
                cve="CVE-2024-1", references=references, cvssv3_score=7.25, active=False, is_mitigated=True,
                mitigated=EXPIRED_HUMAN),
        finding("nmap/ftp-anon", "Found on 10.0.0.1:21/TCP by nmap/ftp-anon (exploit 8).", "Low",
                "2023-11-14", f"Reported in scan 5 (tools_basic) at {PLAIN_TIME_HUMAN}:\n\n",
                "10.0.0.1/tcp/21/nmap/ftp-anon/0", "nmap/ftp-anon", "tcp://10.0.0.1:21", active=True),
    ]  # fmt: skip
    assert written == dumped(expected)


@pytest.mark.parametrize("informational", [False, True])
def test_each_item_is_written_as_json_dumps_writes_it(
    seeded_db: Engine, hostile: Engine, informational: bool
) -> None:
    where = VulnerabilityFilter(min_risk=RiskLevel.NONE if informational else None)
    for engine in (seeded_db, hostile):
        written = "".join(exports.findings(engine, where, ExportFormat.DEFECTDOJO))
        items = json.loads(written)["findings"]
        assert items and item_lines(written, items) == dumped(items)
