"""The one way every rule-based check judges an exploit: each branch of `judge`, on a real rule
shape (a function of what the check observed)."""

import pytest

from aucote.checks.judging import NotApplicable, Unobserved, judge
from aucote.model.exploit import Exploit
from aucote.model.finding import Finding
from aucote.model.status import CheckReason, CheckStatus

EXPLOIT = Exploit(4242, "aucote-test", "banner-rule")


def banner_rule(banner: str) -> str | None:
    """Reports an old banner; cannot judge an empty one; refuses a non-SSH one."""
    if not banner.startswith("SSH-"):
        raise NotApplicable("not an SSH banner")
    if banner == "SSH-":
        raise Unobserved("the tool saw no software version")
    version = banner.split("_")[1]
    return f"old software: {banner}" if int(version.split(".")[0]) < 7 else None


def test_evidence_is_done_with_one_finding() -> None:
    outcome = judge(EXPLOIT, "SSH-2.0-OpenSSH_6.6", banner_rule, 1.0, 2.0)
    assert (outcome.exploit_id, outcome.status, outcome.start, outcome.end) == (
        4242,
        CheckStatus.DONE,
        1.0,
        2.0,
    )
    assert outcome.findings == (Finding("old software: SSH-2.0-OpenSSH_6.6"),)
    assert (outcome.reason, outcome.detail) == (None, None)


@pytest.mark.parametrize("evidence", [None, ""])
def test_no_evidence_is_done_without_findings(evidence: str | None) -> None:
    outcome = judge(EXPLOIT, "anything", lambda _: evidence, 1.0, 2.0)
    assert (outcome.status, outcome.findings, outcome.reason) == (CheckStatus.DONE, (), None)


def test_not_applicable_is_skipped() -> None:
    outcome = judge(EXPLOIT, "220 mail ESMTP", banner_rule, 1.0, 2.0)
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.SKIPPED,
        CheckReason.NOT_APPLICABLE,
        "not an SSH banner",
    )
    assert outcome.findings == ()


def test_unobserved_is_a_tool_error() -> None:
    outcome = judge(EXPLOIT, "SSH-", banner_rule, 1.0, 2.0)
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.FAILED,
        CheckReason.TOOL_ERROR,
        "the tool saw no software version",
    )


def test_a_crashing_rule_fails_its_exploit_with_the_error() -> None:
    outcome = judge(EXPLOIT, "SSH-2.0-OpenSSH_x", banner_rule, 1.0, 2.0)
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.FAILED,
        CheckReason.CHECK_ERROR,
        "ValueError: invalid literal for int() with base 10: 'x'",
    )
    assert (outcome.start, outcome.end, outcome.findings) == (1.0, 2.0, ())


def test_no_rule_fails_naming_the_app_and_exploit() -> None:
    outcome = judge(EXPLOIT, "SSH-2.0-OpenSSH_9.2", None, 1.0, 2.0)
    assert (outcome.exploit_id, outcome.status, outcome.reason, outcome.detail) == (
        4242,
        CheckStatus.FAILED,
        CheckReason.CHECK_ERROR,
        "aucote-test has no rule named 'banner-rule'",
    )
