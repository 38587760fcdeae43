"""Running one check for one port: the context it gets, and errors turned into outcomes."""

from collections.abc import Sequence

from aucote.checks.contract import Check, CheckContext, ExploitOutcome, Selected, outcome_for_all
from aucote.engine.options import ScanOptions
from aucote.model.status import CheckStatus
from aucote.model.target import Port
from aucote.tools.runner import Runner


def context_for(app: str, options: ScanOptions, runner: Runner) -> CheckContext:
    """The check context of `app` from the scan's options (`tools.<app>`)."""
    tool = options.tool(app)
    extra = {"privileged": options.privileged, **tool.options}
    return CheckContext(
        runner=runner,
        command=tool.command,
        timeout=tool.timeout,
        options=extra,
        allow_intrusive=options.allow_intrusive,
    )


async def run_check(
    check: Check, port: Port, selected: Sequence[Selected], context: CheckContext
) -> list[ExploitOutcome]:
    """The check's outcomes, one per selected exploit, whatever the check does (errors are data)."""
    start = context.clock()
    try:
        outcomes = await check.run(port, selected, context)
    except Exception as error:  # a bug in one check must not stop the scan
        reason = f"{check.app} check crashed: {type(error).__name__}: {error}"
        return outcome_for_all(selected, CheckStatus.FAILED, start, context.clock(), reason)
    return _complete(selected, outcomes, start, context)


def _complete(
    selected: Sequence[Selected], outcomes: Sequence[ExploitOutcome], start: float, context: CheckContext
) -> list[ExploitOutcome]:
    by_id = {outcome.exploit_id: outcome for outcome in outcomes}
    missing = [item for item in selected if item.exploit.id not in by_id]
    lost = outcome_for_all(missing, CheckStatus.FAILED, start, context.clock(), "the check reported nothing")
    return [by_id[item.exploit.id] for item in selected if item.exploit.id in by_id] + lost
