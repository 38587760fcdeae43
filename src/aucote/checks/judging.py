"""One way to judge a rule-based check's exploits (TLS, SSH, HTTP headers, exposed services): a
rule reads what the check observed and returns the finding's evidence, or None.

* evidence → DONE with one finding; None → DONE without findings;
* the rule raises `NotApplicable` → SKIPPED, not_applicable (its message says why);
* the rule raises `Unobserved` (the tool did not observe what it needs) → FAILED, tool_error;
* any other exception → FAILED, check_error (`Type: message`): a rule's bug fails its exploit only;
* no rule for the exploit's name → FAILED, check_error."""

from collections.abc import Callable
from typing import TypeVar

from aucote.checks.contract import ExploitOutcome
from aucote.checks.reasons import unjudged
from aucote.model.exploit import Exploit
from aucote.model.finding import Finding
from aucote.model.status import CheckReason, CheckStatus

Observed = TypeVar("Observed")
Rule = Callable[[Observed], str | None]
"""Evidence text when the exploit's weakness is there, None when it is not."""


class NotApplicable(Exception):
    """The rule does not apply to what answers on the port; the message says why."""


class Unobserved(Exception):
    """The tool did not observe what the rule needs (one of its commands failed); the message says what."""


def judge(
    exploit: Exploit, observed: Observed, rule: Rule[Observed] | None, start: float, end: float
) -> ExploitOutcome:
    """The outcome of applying `rule` (None: the check has no rule for the exploit) to `observed`."""
    if rule is None:
        return no_rule(exploit, start, end)
    try:
        evidence = rule(observed)
    except Exception as error:  # a rule's error is its exploit's outcome, never the check's
        return from_error(exploit.id, error, start, end)
    return from_evidence(exploit.id, evidence, start, end)


def from_evidence(exploit_id: int, evidence: str | None, start: float, end: float) -> ExploitOutcome:
    """DONE, with one finding holding the evidence (none when there is no evidence)."""
    findings = (Finding(evidence),) if evidence else ()
    return ExploitOutcome(
        exploit_id=exploit_id, status=CheckStatus.DONE, start=start, end=end, findings=findings
    )


def from_error(exploit_id: int, error: Exception, start: float, end: float) -> ExploitOutcome:
    """The outcome of a rule that raised instead of judging."""
    if isinstance(error, NotApplicable):
        return unjudged(exploit_id, CheckReason.NOT_APPLICABLE, str(error), start, end)
    if isinstance(error, Unobserved):
        return unjudged(exploit_id, CheckReason.TOOL_ERROR, str(error), start, end)
    return unjudged(exploit_id, CheckReason.CHECK_ERROR, f"{type(error).__name__}: {error}", start, end)


def no_rule(exploit: Exploit, start: float, end: float) -> ExploitOutcome:
    """FAILED: the check has no rule for this exploit (a catalogue entry ahead of the code)."""
    detail = f"{exploit.app} has no rule named {exploit.name!r}"
    return unjudged(exploit.id, CheckReason.CHECK_ERROR, detail, start, end)
