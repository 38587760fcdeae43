"""Running one check for one port: the context it gets, and errors turned into outcomes."""

from collections.abc import Sequence

from aucote.checks.contract import Check, CheckContext, ExploitOutcome, Selected
from aucote.checks.reasons import all_unjudged
from aucote.engine.options import ScanOptions
from aucote.model.status import CheckReason
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
        detail = f"{check.app} check crashed: {type(error).__name__}: {error}"
        return all_unjudged(selected, CheckReason.CHECK_ERROR, detail, start, context.clock())
    return _complete(check.app, selected, outcomes, start, context)


def _complete(
    app: str,
    selected: Sequence[Selected],
    outcomes: Sequence[ExploitOutcome],
    start: float,
    context: CheckContext,
) -> list[ExploitOutcome]:
    by_id = {outcome.exploit_id: outcome for outcome in outcomes}
    missing = [item for item in selected if item.exploit.id not in by_id]
    detail = f"the {app} check reported nothing for this exploit"
    lost = all_unjudged(missing, CheckReason.CHECK_ERROR, detail, start, context.clock())
    return [by_id[item.exploit.id] for item in selected if item.exploit.id in by_id] + lost
