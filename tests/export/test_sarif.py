"""SARIF exports: valid against the official SARIF 2.1.0 JSON schema (vendored in
tests/fixtures/sarif), whole logs for the seed, rules and fingerprints."""

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError
from sqlalchemy import Engine

from aucote.export import exports, sarif
from aucote.export.tool import tool_version
from aucote.model.export import ExportFormat
from aucote.model.status import RiskLevel
from aucote.storage.queries.port_scans import PortScanFilter
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter
from tests.export.hostile_records import (
    EXPIRED_HUMAN,
    HOSTILE,
    HOSTILE_RECORD,
    PLAIN_RECORD,
    PLAIN_TIME_HUMAN,
    TIME_HUMAN,
    dumped,
)

# The format of the rows is the same on both backends; the export queries run on PostgreSQL in
# tests/export/test_findings.py and tests/export/test_hosts.py.
pytestmark = pytest.mark.backends("sqlite")

SCHEMA = json.loads((Path(__file__).parents[1] / "fixtures" / "sarif" / "sarif-2.1.0-rtm.5.json").read_text())
VALIDATOR = Draft4Validator(SCHEMA)
LONG = "VULNERABLE:\n  Apache byterange filter DoS\n" + "x" * 120
Json = dict[str, Any]


def sarif_findings(engine: Engine, where: VulnerabilityFilter) -> Json:
    log: Json = json.loads("".join(exports.findings(engine, where, ExportFormat.SARIF)))
    return log


def sarif_hosts(engine: Engine) -> Json:
    log: Json = json.loads("".join(exports.hosts(engine, PortScanFilter(), ExportFormat.SARIF)))
    return log


def result(rule: str, index: int, level: str, text: str, uri: str, key: str, properties: Json) -> Json:
    return {
        "ruleId": rule,
        "ruleIndex": index,
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
        "partialFingerprints": {"aucoteFinding/v1": key},
        "properties": properties,
    }


def finding_properties(row_id: int, risk: str, cve: list[str], cvss: Any, time: str, expired: Any, scan: int,
                       scanner: str, output: str) -> Json:  # fmt: skip
    return {"vulnerability_id": row_id, "risk_level": risk, "cve": cve, "cvss": cvss, "time": time,
            "expired": expired, "scan_id": scan, "scanner": scanner, "output": output}  # fmt: skip


def rule(rule_id: str, name: str, title: str, description: str | None, level: str, props: Json) -> Json:
    found: Json = {"id": rule_id, "name": name, "shortDescription": {"text": title}}
    if description:
        found["fullDescription"] = {"text": description}
    return {**found, "defaultConfiguration": {"level": level}, "properties": props}


BYTERANGE = "nmap/http-vuln-cve2011-3192"
COLDFUSION = "nmap/http-vuln-cve2010-2861"
XFO = "aucote-http-headers/x-frame-options"
AT = "10.12.2.175:5985/TCP"
URI = "tcp://10.12.2.175:5985"
KEY_72 = f"10.12.2.175/tcp/5985/{BYTERANGE}/0"
EXPIRED = "2017-10-20T12:59:55.823977+00:00"
RESULTS = [
    result(BYTERANGE, 0, "error", f"Apache byterange filter DoS on {AT}", URI, KEY_72,
           finding_properties(500, "High", ["CVE-2011-3192"], 7.8, "2017-10-20T12:48:07+00:00", EXPIRED, 931,
                              "tools_basic", "VULNERABLE")),
    result(BYTERANGE, 0, "error", f"Apache byterange filter DoS on {AT}", URI, KEY_72,
           finding_properties(501, "High", ["CVE-2011-3192"], 7.8, "2017-10-20T13:17:02+00:00", None, 942,
                              "tools_advanced", LONG)),
    result(COLDFUSION, 1, "warning", f"ColdFusion directory traversal on {AT}", URI,
           f"10.12.2.175/tcp/5985/{COLDFUSION}/0",
           finding_properties(502, "Medium", [], None, "2017-10-20T13:17:02.500000+00:00", None, 942,
                              "tools_advanced", "maybe")),
    result(XFO, 2, "note", "Missing X-Frame-Options on 10.12.2.176:8107/TCP", "tcp://10.12.2.176:8107",
           f"10.12.2.176/tcp/8107/{XFO}/0",
           finding_properties(601, "Low", [], None, "2017-10-20T13:00:12+00:00", None, 942, "tools_advanced",
                              "X-Frame-Options: missing")),
]  # fmt: skip
NMAP = {"app": "nmap", "risk_level": "High"}
HIGH = "error"
RULES = [
    rule(BYTERANGE, "http-vuln-cve2011-3192", "Apache byterange filter DoS", "Checks CVE-2011-3192.", HIGH,
         {"exploit_id": 72, **NMAP, "security-severity": "7.8", "tags": ["security", "vuln"]}),
    rule(COLDFUSION, "http-vuln-cve2010-2861", "ColdFusion directory traversal", "Checks CVE-2010-2861.",
         HIGH,
         {"exploit_id": 71, **NMAP, "security-severity": "4.3", "tags": ["security", "vuln"]}),
    rule(XFO, "x-frame-options", "Missing X-Frame-Options", None, "note",
         {"exploit_id": 140, "app": "aucote-http-headers", "risk_level": "Low",
          "tags": ["security", "headers"]}),
]  # fmt: skip
EXPECTED_SEED = {
    "version": "2.1.0",
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "runs": [
        {
            "results": RESULTS,
            "tool": {"driver": {"name": "Aucote", "version": tool_version(), "rules": RULES}},
        }
    ],
}


def test_the_seeds_findings(seeded_db: Engine) -> None:
    log = sarif_findings(seeded_db, VulnerabilityFilter())
    assert log == EXPECTED_SEED
    VALIDATOR.validate(log)


@pytest.mark.parametrize(
    "where",
    [
        VulnerabilityFilter(),
        VulnerabilityFilter(min_risk=RiskLevel.NONE),
        VulnerabilityFilter(expired=True),
        VulnerabilityFilter(TargetFilter(node_id=12345)),
    ],
    ids=repr,
)
def test_findings_are_valid_sarif(seeded_db: Engine, where: VulnerabilityFilter) -> None:
    VALIDATOR.validate(sarif_findings(seeded_db, where))


def test_hostile_findings_and_hosts_are_valid_sarif(hostile: Engine) -> None:
    for log in (sarif_findings(hostile, VulnerabilityFilter()), sarif_hosts(hostile)):
        VALIDATOR.validate(log)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif_hosts(hostile)["runs"][0]["results"]
    ]
    assert uris == ["tcp://198.18.0.1:443", "udp://[2001:db8::1]:53"]


def test_the_validator_refuses_a_broken_log(seeded_db: Engine) -> None:
    """The schema check can fail: a level SARIF does not know, a result without its message."""
    log = sarif_findings(seeded_db, VulnerabilityFilter())
    log["runs"][0]["results"][0]["level"] = "critical"
    with pytest.raises(ValidationError):
        VALIDATOR.validate(log)
    log = sarif_findings(seeded_db, VulnerabilityFilter())
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(ValidationError):
        VALIDATOR.validate(log)


def test_informational_output_is_an_informational_result(seeded_db: Engine) -> None:
    log = sarif_findings(seeded_db, VulnerabilityFilter(risk_level="None"))
    [found] = log["runs"][0]["results"]
    assert (found["kind"], found["level"], found["properties"]["vulnerability_id"]) == (
        "informational",
        "none",
        600,
    )
    assert found["message"]["text"] == "Missing X-Frame-Options on 10.12.2.176:8106/TCP"


def test_rule_indexes_name_their_rules(hostile: Engine) -> None:
    run = sarif_findings(hostile, VulnerabilityFilter())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["nmap/formula-title", "aucote-cve/cve-pair", "nmap/dns-text"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    fingerprints = [r["partialFingerprints"]["aucoteFinding/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == 5  # sub-findings of one check stay apart
    assert run["results"][1]["properties"]["cve"] == ["CVE-2021-41773", "CVE-2021-42013"]


def test_the_seeds_open_ports(seeded_db: Engine) -> None:
    log = sarif_hosts(seeded_db)
    VALIDATOR.validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["aucote/open-port"]
    assert run["results"][0] == {
        "ruleId": "aucote/open-port",
        "ruleIndex": 0,
        "kind": "informational",
        "level": "none",
        "message": {"text": "10.12.2.175:5985/TCP open: http Microsoft HTTPAPI httpd 2.0"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "tcp://10.12.2.175:5985"}}}],
        "partialFingerprints": {"aucotePort/v1": "10.12.2.175/tcp/5985"},
        "properties": {
            "service": {"name": "http", "product": "Microsoft HTTPAPI httpd", "version": "2.0",
                        "cpe": "cpe:/o:microsoft:windows", "banner": None},
            "first_seen": "2017-10-20T12:38:20+00:00",
            "last_seen": "2017-10-20T13:28:20+00:00",
            "times_seen": 2,
            "last_scan_id": 950,
            "last_scanner": "tcp",
        },
    }  # fmt: skip
    assert run["results"][1]["message"]["text"] == "10.12.2.176:80/TCP open"


def test_an_empty_export_has_no_rules(seeded_db: Engine) -> None:
    log = sarif_findings(seeded_db, VulnerabilityFilter(TargetFilter(node_id=12345)))
    assert log["runs"] == [
        {"results": [], "tool": {"driver": {"name": "Aucote", "version": tool_version(), "rules": []}}}
    ]


def _result_lines(text: str) -> list[str]:
    """The results of a log as written: one a line, between the header's line and `], "tool"…`."""
    return [line.removesuffix(",") for line in text.splitlines()[1:-1]]


@pytest.mark.parametrize("informational", [False, True])
def test_each_result_is_written_as_json_dumps_writes_it(
    seeded_db: Engine, hostile: Engine, informational: bool
) -> None:
    """The results' f-string writes the bytes `json.dumps` writes for the same result (escaping,
    spaces, numbers), for the seed and the hostile rows (quotes, new lines, tabs, IPv6, UDP)."""
    where = VulnerabilityFilter(min_risk=RiskLevel.NONE if informational else None)
    for engine in (seeded_db, hostile):
        text = "".join(exports.findings(engine, where, ExportFormat.SARIF))
        results = json.loads(text)["runs"][0]["results"]
        assert results
        assert _result_lines(text) == [json.dumps(found, ensure_ascii=False) for found in results]


def test_results_of_hostile_texts_are_what_json_dumps_writes() -> None:
    rules = sarif.Rules()
    written = sarif.FindingResults(rules).batch([HOSTILE_RECORD, PLAIN_RECORD])
    fingerprint = '2001:db8::é/99/443/app\\x/na"me/2'
    expected = [
        {
            "ruleId": 'app\\x/na"me',
            "ruleIndex": 0,
            "level": "error",
            "message": {"text": f"{HOSTILE} on [2001:db8::é]:443/99"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "99://[2001:db8::é]:443"}}}],
            "partialFingerprints": {"aucoteFinding/v1": fingerprint},
            "properties": finding_properties(9, "High", ["CVE-2024-1", "CVE-2024-2"], 7.25, TIME_HUMAN,
                                             EXPIRED_HUMAN, 4, HOSTILE, HOSTILE + "\n" + HOSTILE),
        },
        {
            "ruleId": "nmap/ftp-anon",
            "ruleIndex": 1,
            "level": "note",
            "message": {"text": "nmap/ftp-anon on 10.0.0.1:21/TCP"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "tcp://10.0.0.1:21"}}}],
            "partialFingerprints": {"aucoteFinding/v1": "10.0.0.1/tcp/21/nmap/ftp-anon/0"},
            "properties": finding_properties(10, "Low", [], None, PLAIN_TIME_HUMAN, None, 5, "tools_basic",
                                             ""),
        },
    ]  # fmt: skip
    assert written == dumped(expected)
    assert [rule["id"] for rule in rules.rules] == ['app\\x/na"me', "nmap/ftp-anon"]
