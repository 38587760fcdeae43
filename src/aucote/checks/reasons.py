"""Outcomes of exploits a check could not judge: the reason decides the status
(`model.status.status_for`), so a reason means the same status in every check."""

from collections.abc import Sequence

from aucote.checks.contract import ExploitOutcome, Selected
from aucote.model.status import CheckReason, status_for


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
