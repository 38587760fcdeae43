"""testssl's JSON file, recorded from real runs: a server offering TLS 1.0 (and NULL suites) has
weaknesses, a TLS 1.3-only one fewer; interrupted runs say why."""

import pytest

from aucote.tools.errors import ParseError
from aucote.tools.testssl.parse import parse_testssl_json
from aucote.tools.testssl.report import Severity, TestsslItem
from tests.tools.testssl.recorded import recorded


def ids(items: tuple[TestsslItem, ...]) -> set[str]:
    return {item.id for item in items}


def test_legacy_server_weaknesses() -> None:
    report = recorded("legacy_full")
    assert len(report.items) == 196
    assert not report.interrupted and not report.fatal and report.problems == ()
    assert ids(report.weaknesses) == {
        *("TLS1", "TLS1_1", "cipherlist_NULL", "cipherlist_aNULL", "cipherlist_AVERAGE"),
        *("cipher_order", "cert_chain_of_trust", "cert_revocation", "HSTS", "security_headers"),
        *("BEAST_CBC_TLS1", "BEAST", "LUCKY13"),
    }
    beast = next(item for item in report.items if item.id == "BEAST")
    assert (beast.severity, beast.cve, beast.cwe) == (Severity.LOW, "CVE-2011-3389", "CWE-20")
    assert beast.finding.startswith("VULNERABLE -- but also supports higher protocols")


def test_tls13_only_server_has_no_protocol_or_cipher_weakness() -> None:
    report = recorded("modern_full")
    assert ids(report.weaknesses) == {"cert_chain_of_trust", "cert_revocation", "HSTS", "security_headers"}
    tls13 = next(item for item in report.items if item.id == "TLS1_3")
    assert (tls13.severity, tls13.finding) == (Severity.OK, "offered with final")


def test_protocols_only_run() -> None:
    report = recorded("legacy_protocols")
    assert [(item.id, item.severity) for item in report.weaknesses] == [
        ("TLS1", Severity.LOW),
        ("TLS1_1", Severity.LOW),
    ]


def test_starttls_run_found_only_modern_protocols() -> None:
    report = recorded("smtp_starttls_protocols")
    assert report.weaknesses == () and not report.interrupted
    assert {"TLS1_2", "TLS1_3"} <= ids(report.items)


def test_not_a_tls_server() -> None:
    report = recorded("not_tls")
    assert report.interrupted and report.not_tls and not report.fatal
    assert len(report.problems) == 1 and "doesn't seem to be a TLS/SSL enabled server" in report.problems[0]
    assert report.weaknesses == ()


def test_refused_connection_is_fatal() -> None:
    report = recorded("refused")
    assert report.interrupted and report.fatal and not report.not_tls
    assert report.problems[0].startswith("Can't connect to '127.0.0.1:")


def test_severity_scores_follow_the_original() -> None:
    scores = {severity: severity.score for severity in Severity}
    assert scores == {
        Severity.DEBUG: 0,
        Severity.INFO: 0,
        Severity.OK: 0,
        Severity.LOW: 1,
        Severity.MEDIUM: 2,
        Severity.HIGH: 3,
        Severity.CRITICAL: 4,
        Severity.WARN: -1,
        Severity.FATAL: -2,
    }


def test_older_severity_names() -> None:
    data = b'[{"id": "a", "severity": "NOT ok", "finding": "x"}, {"id": "b", "severity": "MINOR"}]'
    assert [item.severity for item in parse_testssl_json(data).items] == [Severity.LOW, Severity.LOW]


def test_empty_cve_is_none() -> None:
    [item] = parse_testssl_json(b'[{"id": "a", "severity": "LOW", "cve": " ", "finding": " x "}]').items
    assert (item.cve, item.cwe, item.finding) == (None, None, "x")


@pytest.mark.parametrize(
    "data",
    [b"", b"[\n  {", b'{"id": "a"}', b'[{"severity": "LOW"}]', b'[{"id": "a", "severity": "SEVERE"}]'],
)
def test_unreadable_json(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_testssl_json(data)
