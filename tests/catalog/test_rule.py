"""When output is a finding, per rule kind."""

import pytest

from aucote.catalog import FindingRule, RuleKind


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        (["VULNERABLE"], True),
        (["LIKELY VULNERABLE"], True),
        (["VULNERABLE (Exploitable)"], True),
        (["VULNERABLE (DoS)"], True),
        (["NOT VULNERABLE"], False),
        (["UNKNOWN (unable to test)"], False),
        ([], False),
        (["NOT VULNERABLE", "VULNERABLE"], True),
    ],
)
def test_vulns_rule_looks_only_at_states(states: list[str], expected: bool) -> None:
    assert FindingRule(RuleKind.VULNS).is_finding("some output", states) is expected


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("Anonymous FTP login allowed", True),
        ("", False),
        ("  \n", False),
        ("ERROR: Script execution failed", False),
    ],
)
def test_output_rule(output: str, expected: bool) -> None:
    assert FindingRule(RuleKind.OUTPUT).is_finding(output) is expected


def test_pattern_rule() -> None:
    rule = FindingRule(RuleKind.PATTERN, r"bounce working")
    assert rule.is_finding("bounce working!")
    assert not rule.is_finding("server forbids bouncing to low ports <1025")
    assert not rule.is_finding("ERROR: bounce working")
