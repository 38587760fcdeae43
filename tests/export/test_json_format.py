"""JSON exports: one array, one object per line; a finding is the API's vulnerability without its
URLs, with the whole output and the exploit's title; an open port its node, service and times."""

import json
from typing import Any

import pytest
from sqlalchemy import Engine

from aucote.export import exports, json_format
from aucote.model.export import ExportFormat
from aucote.model.status import RiskLevel
from aucote.storage.queries.port_scans import PortScanFilter
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter
from tests.export.hostile_records import (
    EXPIRED,
    EXPIRED_HUMAN,
    HOSTILE,
    HOSTILE_RECORD,
    PLAIN_RECORD,
    PLAIN_TIME,
    PLAIN_TIME_HUMAN,
    TIME,
    TIME_HUMAN,
    dumped,
    item_lines,
)
from tests.export.hostile_rows import BANNER, FORMULA_PRODUCT, QUOTED

# The format of the rows is the same on both backends; the export queries run on PostgreSQL in
# tests/export/test_findings.py and tests/export/test_hosts.py.
pytestmark = pytest.mark.backends("sqlite")

LONG = "VULNERABLE:\n  Apache byterange filter DoS\n" + "x" * 120
NODE = {"id": 86, "ip": "10.12.2.175"}
PORT = {"port_number": 5985, "protocol": "TCP", "node": NODE}
BYTERANGE = {
    "id": 72,
    "app": "nmap",
    "name": "http-vuln-cve2011-3192",
    "title": "Apache byterange filter DoS",
}
COLDFUSION = {
    "id": 71,
    "app": "nmap",
    "name": "http-vuln-cve2010-2861",
    "title": "ColdFusion directory traversal",
}
XFO = {"id": 140, "app": "aucote-http-headers", "name": "x-frame-options", "title": "Missing X-Frame-Options"}
Json = dict[str, Any]


def finding(row_id: int, scan: Json, exploit: Json, output: str, cve: Any, cvss: Any, risk: str,
            times: tuple[Any, ...], port: Json = PORT) -> Json:  # fmt: skip
    time, time_human, expired, expired_human = times
    return {"id": row_id, "port": port, "scan": scan, "exploit": exploit, "output": output, "cve": cve,
            "cvss": cvss, "risk_level": risk, "time": time, "time_human": time_human, "expired": expired,
            "expired_human": expired_human}  # fmt: skip


EXPECTED_SEED = [
    finding(500, {"id": 931, "scanner": "tools_basic"}, BYTERANGE, "VULNERABLE", "CVE-2011-3192", 7.8, "High",
            (1508503687, "2017-10-20T12:48:07+00:00", 1508504395.823977, "2017-10-20T12:59:55.823977+00:00")),
    finding(501, {"id": 942, "scanner": "tools_advanced"}, BYTERANGE, LONG, "CVE-2011-3192", 7.8, "High",
            (1508505422, "2017-10-20T13:17:02+00:00", None, None)),
    finding(502, {"id": 942, "scanner": "tools_advanced"},
            COLDFUSION,
            "maybe", None, None, "Medium", (1508505422.5, "2017-10-20T13:17:02.500000+00:00", None, None)),
    finding(601, {"id": 942, "scanner": "tools_advanced"},
            XFO, "X-Frame-Options: missing", None, None, "Low",
            (1508504412, "2017-10-20T13:00:12+00:00", None, None),
            {"port_number": 8107, "protocol": "TCP", "node": {"id": 87, "ip": "10.12.2.176"}}),
]  # fmt: skip
EXPECTED_HOSTS = [
    {
        "port": PORT,
        "service": {"name": "http", "product": "Microsoft HTTPAPI httpd", "version": "2.0",
                    "cpe": "cpe:/o:microsoft:windows", "banner": None},
        "first_seen": 1508503100, "first_seen_human": "2017-10-20T12:38:20+00:00",
        "last_seen": 1508506100, "last_seen_human": "2017-10-20T13:28:20+00:00",
        "times_seen": 2, "last_scan": {"id": 950, "scanner": "tcp"},
    },
    {
        "port": {"port_number": 80, "protocol": "TCP", "node": {"id": 87, "ip": "10.12.2.176"}},
        "service": None,
        "first_seen": 1508503200.5, "first_seen_human": "2017-10-20T12:40:00.500000+00:00",
        "last_seen": 1508503200.5, "last_seen_human": "2017-10-20T12:40:00.500000+00:00",
        "times_seen": 1, "last_scan": {"id": 930, "scanner": "tcp"},
    },
]  # fmt: skip


def text(chunks: Any) -> str:
    return "".join(chunks)


def test_the_seeds_findings_one_object_a_line(seeded_db: Engine) -> None:
    written = text(exports.findings(seeded_db, VulnerabilityFilter(), ExportFormat.JSON))
    assert json.loads(written) == EXPECTED_SEED
    lines = written.split("\n")
    assert lines[0] == "[" and lines[-2:] == ["]", ""]
    assert [json.loads(line.rstrip(",")) for line in lines[1:-2]] == EXPECTED_SEED
    assert json.dumps(json.loads(lines[1].rstrip(","))) == json.dumps(EXPECTED_SEED[0])  # key order


def test_the_seeds_open_ports(seeded_db: Engine) -> None:
    assert json.loads(text(exports.hosts(seeded_db, PortScanFilter(), ExportFormat.JSON))) == EXPECTED_HOSTS


def test_an_empty_export_is_an_empty_array(seeded_db: Engine) -> None:
    where = VulnerabilityFilter(TargetFilter(node_id=12345))
    assert text(exports.findings(seeded_db, where, ExportFormat.JSON)) == "[\n]\n"
    assert json.loads(text(exports.hosts(seeded_db, PortScanFilter(node_id=12345), ExportFormat.JSON))) == []


def test_hostile_text_round_trips(hostile: Engine) -> None:
    items = json.loads(text(exports.findings(hostile, VulnerabilityFilter(), ExportFormat.JSON)))
    assert [item["output"] for item in items] == ["+1+1", QUOTED, "@SUM(A1)", "\tTAB", "\rCR"]
    assert items[2]["port"] == {"port_number": 53, "protocol": "UDP", "node": {"id": 2, "ip": "2001:db8::1"}}
    hosts = json.loads(text(exports.hosts(hostile, PortScanFilter(), ExportFormat.JSON)))
    assert (hosts[0]["service"]["product"], hosts[0]["service"]["banner"]) == (FORMULA_PRODUCT, BANNER)


def test_objects_of_hostile_texts_are_what_json_dumps_writes() -> None:
    """The objects are written by an f-string: the same bytes as the encoder's for the same object
    (escaping, non-ASCII, numbers, null)."""
    written = json_format.FindingObjects().batch([HOSTILE_RECORD, PLAIN_RECORD])
    hostile_exploit = {"id": 7, "app": "app\\x", "name": 'na"me', "title": HOSTILE}
    plain_exploit = {"id": 8, "app": "nmap", "name": "ftp-anon", "title": ""}
    expected = [
        finding(9, {"id": 4, "scanner": HOSTILE}, hostile_exploit, HOSTILE + "\n" + HOSTILE,
                "CVE-2024-1, CVE-2024-2", 7.25, "High", (TIME, TIME_HUMAN, EXPIRED, EXPIRED_HUMAN),
                {"port_number": 443, "protocol": "99", "node": {"id": 1, "ip": "2001:db8::é"}}),
        finding(10, {"id": 5, "scanner": "tools_basic"}, plain_exploit, "", None, None, "Low",
                (PLAIN_TIME, PLAIN_TIME_HUMAN, None, None),
                {"port_number": 21, "protocol": "TCP", "node": {"id": 2, "ip": "10.0.0.1"}}),
    ]  # fmt: skip
    assert written == dumped(expected)


@pytest.mark.parametrize("informational", [False, True])
def test_each_object_is_written_as_json_dumps_writes_it(
    seeded_db: Engine, hostile: Engine, informational: bool
) -> None:
    where = VulnerabilityFilter(min_risk=RiskLevel.NONE if informational else None)
    for engine in (seeded_db, hostile):
        written = text(exports.findings(engine, where, ExportFormat.JSON))
        items = json.loads(written)
        assert items and item_lines(written, items) == dumped(items)
