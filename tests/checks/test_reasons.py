"""A reason decides the status of an outcome the check could not judge, the same in every check."""

import pytest

from aucote.checks.contract import Selected
from aucote.checks.reasons import all_unjudged, unjudged
from aucote.model.exploit import Exploit
from aucote.model.status import CheckReason, CheckStatus, status_for

STATUS = {
    CheckReason.TOOL_MISSING: CheckStatus.SKIPPED,
    CheckReason.TIMEOUT: CheckStatus.TIMEOUT,
    CheckReason.TOOL_ERROR: CheckStatus.FAILED,
    CheckReason.SCRIPT_ERROR: CheckStatus.FAILED,
    CheckReason.CHECK_ERROR: CheckStatus.FAILED,
    CheckReason.UNREACHABLE: CheckStatus.FAILED,
    CheckReason.LOCKED_OUT: CheckStatus.FAILED,
    CheckReason.NOT_APPLICABLE: CheckStatus.SKIPPED,
    CheckReason.INTRUSIVE_DISABLED: CheckStatus.SKIPPED,
    CheckReason.DEFAULT_CREDENTIALS_DISABLED: CheckStatus.SKIPPED,
    CheckReason.DISABLED: CheckStatus.SKIPPED,
    CheckReason.NO_CHECK: CheckStatus.SKIPPED,
    CheckReason.CANCELLED: CheckStatus.CANCELLED,
    CheckReason.NMAP_ERROR: CheckStatus.FAILED,
    CheckReason.JOB_FAILED: CheckStatus.FAILED,
    CheckReason.WORKER_LOST: CheckStatus.FAILED,
}


def test_every_reason_has_its_status() -> None:
    assert set(STATUS) == set(CheckReason)


@pytest.mark.parametrize(("reason", "status"), STATUS.items())
def test_status_for(reason: CheckReason, status: CheckStatus) -> None:
    assert status_for(reason) is status
    outcome = unjudged(7, reason, "words", 1.0, 2.0)
    assert (outcome.exploit_id, outcome.status, outcome.reason, outcome.detail) == (
        7,
        status,
        reason,
        "words",
    )
    assert (outcome.start, outcome.end, outcome.findings) == (1.0, 2.0, ())


def test_all_unjudged_gives_every_exploit_the_same_outcome() -> None:
    selected = [Selected(Exploit(1, "app", "a")), Selected(Exploit(2, "app", "b"))]
    outcomes = all_unjudged(selected, CheckReason.TOOL_MISSING, "tool not found", 1.0, 2.0)
    assert [(o.exploit_id, o.status, o.reason, o.detail) for o in outcomes] == [
        (1, CheckStatus.SKIPPED, CheckReason.TOOL_MISSING, "tool not found"),
        (2, CheckStatus.SKIPPED, CheckReason.TOOL_MISSING, "tool not found"),
    ]
