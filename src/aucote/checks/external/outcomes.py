"""Outcomes shared by the external tool checks: a tool that could not run, ran too long or failed."""

from collections.abc import Sequence

from aucote.checks.contract import ExploitOutcome, Selected, outcome_for_all
from aucote.model.finding import Finding
from aucote.model.status import CheckStatus
from aucote.tools.result import ToolResult


def done(
    selected: Sequence[Selected], result: ToolResult, findings: Sequence[Finding]
) -> list[ExploitOutcome]:
    """DONE for every selected exploit, with the same findings (none: the tool found nothing)."""
    return [
        ExploitOutcome(item.exploit.id, CheckStatus.DONE, result.started, result.ended, tuple(findings))
        for item in selected
    ]


def ended(
    selected: Sequence[Selected], result: ToolResult, status: CheckStatus, reason: str
) -> list[ExploitOutcome]:
    """`status` with `reason` for every selected exploit, timed by the tool's run."""
    return outcome_for_all(selected, status, result.started, result.ended, reason)


def timed_out(selected: Sequence[Selected], result: ToolResult, tool: str) -> list[ExploitOutcome]:
    """TIMEOUT for every selected exploit."""
    return ended(selected, result, CheckStatus.TIMEOUT, f"{tool} timed out after {result.duration:.1f} s")


def failure(tool: str, result: ToolResult, problem: str) -> str:
    """A reason naming the exit status, the problem, and the tool's last words on stderr."""
    stderr = result.stderr.decode(errors="replace").strip().splitlines()
    last = f": {stderr[-1].strip()}" if stderr else ""
    return f"{tool} exited with status {result.returncode} ({problem}){last}"
