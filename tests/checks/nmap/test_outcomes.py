"""The one path from nmap script results to outcomes, on real recorded reports
(tests/fixtures/nmap/record.py --loopback): errors are FAILED, never DONE and never findings;
results belong to their own protocol."""

from dataclasses import replace
from ipaddress import ip_address

import pytest

from aucote.catalog.loader import load_catalog
from aucote.catalog.rule import FindingRule, RuleKind, error_text
from aucote.checks.nmap.outcomes import find_script, script_outcome
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from tests.tools.nmap.recorded import recorded

LOOPBACK = ip_address("127.31.0.1")
EXECUTION_FAILED = "ERROR: Script execution failed (use -d to debug)"
NESTED = "\n  127.0.0.1:1433: \n    ERROR: No login credentials"
"""What ms-sql scripts print for an instance they could not log in to (the form from issue 10)."""


@pytest.mark.parametrize("script", ["ms-sql-dump-hashes", "ms-sql-info"])
def test_a_script_that_failed_is_a_failed_outcome_with_its_error(script: str) -> None:
    run = recorded("loopback_mssql_error")
    entry = load_catalog().find("nmap", script)
    assert entry is not None
    result = find_script(run, LOOPBACK, Protocol.TCP, 1433, script)
    assert result is not None and result.output == EXECUTION_FAILED
    outcome = script_outcome(entry, result, 1.0, 2.0)
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.FAILED,
        CheckReason.SCRIPT_ERROR,
        EXECUTION_FAILED,
    )
    assert outcome.findings == ()


def test_an_error_under_an_instance_label_is_an_error_not_a_high_finding() -> None:
    """The real ms-sql-dump-hashes result with its output edited into the nested form ms-sql
    scripts print; its entry's rule is "output" with risk High."""
    run = recorded("loopback_mssql_error")
    entry = load_catalog().find("nmap", "ms-sql-dump-hashes")
    result = find_script(run, LOOPBACK, Protocol.TCP, 1433, "ms-sql-dump-hashes")
    assert entry is not None and result is not None
    outcome = script_outcome(entry, replace(result, output=NESTED), 1.0, 2.0)
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.SCRIPT_ERROR)
    assert outcome.detail == "127.0.0.1:1433: ERROR: No login credentials"
    assert outcome.findings == ()


@pytest.mark.parametrize("kind", list(RuleKind))
def test_error_output_is_never_a_finding_whatever_the_rule(kind: RuleKind) -> None:
    rule = FindingRule(kind, ".*")
    for output in (EXECUTION_FAILED, NESTED, "ERROR: a\nERROR: b"):
        assert not rule.is_finding(output, ["VULNERABLE"])


@pytest.mark.parametrize(
    ("output", "error"),
    [
        (EXECUTION_FAILED, EXECUTION_FAILED),
        (NESTED, "127.0.0.1:1433: ERROR: No login credentials"),
        ("  ERROR: x\n  ERROR: y\n", "ERROR: x ERROR: y"),
        ("Recursion appears to be enabled", None),
        ("\n  127.0.0.1:1433: \n    Hashes: sa:0x0100\n    ERROR: one instance failed", None),
        ("", None),
    ],
)
def test_error_text(output: str, error: str | None) -> None:
    assert error_text(output) == error


def test_a_udp_result_is_found_on_udp_only() -> None:
    run = recorded("loopback_dns_tcp_udp")
    assert find_script(run, LOOPBACK, Protocol.TCP, 53, "dns-recursion") is None
    found = find_script(run, LOOPBACK, Protocol.UDP, 53, "dns-recursion")
    assert found is not None and found.output.strip() == "Recursion appears to be enabled"


def test_a_host_script_is_found_for_a_port_of_its_host_only() -> None:
    run = recorded("loopback_hostscript")
    assert find_script(run, LOOPBACK, Protocol.TCP, 445, "smb-vuln-ms17-010") is not None
    assert find_script(run, ip_address("127.31.0.2"), Protocol.TCP, 445, "smb-vuln-ms17-010") is None
