"""A tool that is not installed: the real runner, a command that does not exist, every check skips
its security scan with the reason (not an error)."""

import pytest

from aucote.checks.contract import Check, CheckContext
from aucote.checks.external import HydraCheck, TestsslCheck, WhatwebCheck
from aucote.model.status import CheckReason, CheckStatus
from tests.checks.external.support import port, run


@pytest.mark.parametrize(
    ("check", "command", "service"),
    [
        (TestsslCheck(), "/nonexistent/testssl", "https"),
        (WhatwebCheck(), "/nonexistent/whatweb", "http"),
        (HydraCheck(), "/nonexistent/hydra", "ftp"),
    ],
)
def test_missing_binary_is_a_skipped_scan_with_the_reason(check: Check, command: str, service: str) -> None:
    context = CheckContext(command=command, timeout=10, allow_intrusive=True)
    outcome = run(check, port(9, service), context)
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.SKIPPED,
        CheckReason.TOOL_MISSING,
        f"tool not found: {command!r} is not installed or not on PATH",
    )
    assert outcome.findings == ()
