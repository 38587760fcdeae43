"""Outcomes shared by the external tool checks: a tool that could not run, ran too long or failed."""

from collections.abc import Sequence

from aucote.checks.contract import ExploitOutcome, Selected
from aucote.checks.reasons import all_unjudged
from aucote.model.finding import Finding
from aucote.model.status import CheckReason, CheckStatus
from aucote.tools.result import ToolResult


def done(
    selected: Sequence[Selected], result: ToolResult, findings: Sequence[Finding]
) -> list[ExploitOutcome]:
    """DONE for every selected exploit, with the same findings (none: the tool found nothing)."""
    return [
        ExploitOutcome(
            exploit_id=item.exploit.id,
            status=CheckStatus.DONE,
            start=result.started,
            end=result.ended,
            findings=tuple(findings),
        )
        for item in selected
    ]


def ended(
    selected: Sequence[Selected], result: ToolResult, reason: CheckReason, detail: str
) -> list[ExploitOutcome]:
    """The reason's outcome, with the detail, for every selected exploit, timed by the tool's run."""
    return all_unjudged(selected, reason, detail, result.started, result.ended)


def timed_out(selected: Sequence[Selected], result: ToolResult, tool: str) -> list[ExploitOutcome]:
    """TIMEOUT for every selected exploit."""
    return ended(selected, result, CheckReason.TIMEOUT, f"{tool} timed out after {result.duration:.1f} s")


def failure(tool: str, result: ToolResult, problem: str) -> str:
    """A detail naming the exit status, the problem, and the tool's last words on stderr."""
    stderr = result.stderr.decode(errors="replace").strip().splitlines()
    last = f": {stderr[-1].strip()}" if stderr else ""
    return f"{tool} exited with status {result.returncode} ({problem}){last}"
