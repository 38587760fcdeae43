"""Outcomes of exploits a check could not judge: the reason decides the status, so a reason means
the same status in every check (tool missing, not applicable, disabled → SKIPPED; timeout → TIMEOUT;
cancelled → CANCELLED; every other reason → FAILED)."""

from collections.abc import Sequence
from typing import Final

from aucote.checks.contract import ExploitOutcome, Selected
from aucote.model.status import CheckReason, CheckStatus

SKIPPING: Final = frozenset(
    {
        CheckReason.TOOL_MISSING,
        CheckReason.NOT_APPLICABLE,
        CheckReason.INTRUSIVE_DISABLED,
        CheckReason.DISABLED,
        CheckReason.NO_CHECK,
    }
)
"""Reasons that mean the check did not run (nothing went wrong)."""


def status_for(reason: CheckReason) -> CheckStatus:
    """The status of an outcome with this reason."""
    if reason is CheckReason.TIMEOUT:
        return CheckStatus.TIMEOUT
    if reason is CheckReason.CANCELLED:
        return CheckStatus.CANCELLED
    return CheckStatus.SKIPPED if reason in SKIPPING else CheckStatus.FAILED


def unjudged(exploit_id: int, reason: CheckReason, detail: str, start: float, end: float) -> ExploitOutcome:
    """The outcome of one exploit the check could not judge, with the reason's status."""
    return ExploitOutcome(
        exploit_id=exploit_id, status=status_for(reason), start=start, end=end, reason=reason, detail=detail
    )


def all_unjudged(
    selected: Sequence[Selected], reason: CheckReason, detail: str, start: float, end: float
) -> list[ExploitOutcome]:
    """The same unjudged outcome for every selected exploit (a tool that failed as a whole)."""
    return [unjudged(item.exploit.id, reason, detail, start, end) for item in selected]
