"""The nmap check: the NSE scripts selected for a port, one outcome each.

The port's own service scripts (`vnc-*` on a port nmap calls `vnc`) run first, in an nmap of their
own, then the rest together: a service that locks a client out after a few failed handshakes
(TigerVNC's blacklist, sshd, MySQL) would otherwise be locked by the generic probes before its
own script speaks to it. nmap's own -sV probes may have locked it already: when a script of the
first run stays silent, `banner` alone (its output not recorded) shows whether the service now
refuses the scanner; if it does, the first run is tried again after each pause of `LOCKOUT_PAUSES`
(TigerVNC's blacklist lasts 10 s at first and doubles with each failure after it ends; a refused
connection does not prolong it, so nothing else is sent meanwhile), and a script still silent
after the last while the service still refuses is FAILED `locked_out`."""

import asyncio
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.nmap.lockout import lockout
from aucote.checks.nmap.outcomes import find_script, script_outcome
from aucote.checks.reasons import all_unjudged, unjudged
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import IPAddress, Port
from aucote.tools.errors import ParseError, ToolNotFound
from aucote.tools.nmap.argv import scripts_argv
from aucote.tools.nmap.report import NmapRun
from aucote.tools.nmap.xml import parse_nmap_xml
from aucote.tools.result import ToolResult

LOCKOUT_PAUSES = (12.0, 24.0, 48.0)
"""Seconds to wait before each new run of a locked-out service's own scripts."""
SENTINEL = "banner"
"""The script whose output shows a lock-out message where the service's own scripts stay silent."""
SILENT_DETAIL = "no output; the service refused the scanner after earlier probes ({marker!r})"


@dataclass(frozen=True, slots=True)
class Run:
    """One nmap run's outcomes and the exploits whose scripts printed nothing (judged DONE)."""

    outcomes: list[ExploitOutcome]
    silent: frozenset[int] = frozenset()


class NmapScriptsCheck:
    """Runs the selected NSE scripts against one port (always `-n`, forced `+name` where needed)."""

    app = "nmap"

    def __init__(self, catalog: Catalog, lockout_pauses: Sequence[float] = LOCKOUT_PAUSES) -> None:
        self._catalog = catalog
        self._lockout_pauses = tuple(lockout_pauses)

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        own, rest = service_first(port, selected)
        outcomes = await self._own_scripts(port, own, context) if own else []
        if rest:
            outcomes.extend((await self._run_group(port, rest, context)).outcomes)
        return outcomes

    async def _own_scripts(
        self, port: Port, own: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        """The service's own scripts, again after each pause while they are silent because it
        refused the scanner; FAILED `locked_out` if it still does after the last."""
        run = await self._run_group(port, own, context)
        if not run.silent or await self._refusal(port, context) is None:
            return run.outcomes
        for pause in self._lockout_pauses:
            await asyncio.sleep(pause)
            run = await self._run_group(port, own, context)
            if not run.silent:
                return run.outcomes
        if (marker := await self._refusal(port, context)) is None:
            return run.outcomes
        detail = SILENT_DETAIL.format(marker=marker)
        return [
            unjudged(o.exploit_id, CheckReason.LOCKED_OUT, detail, o.start, o.end)
            if o.exploit_id in run.silent
            else o
            for o in run.outcomes
        ]

    async def _refusal(self, port: Port, context: CheckContext) -> str | None:
        """The lock-out message the service answers `banner` with now, if any."""
        argv = _argv(port, [SENTINEL], [SENTINEL], context)
        try:
            result = await context.runner(argv, timeout=context.timeout)
            run = parse_nmap_xml(result.stdout)
        except (ToolNotFound, ParseError):
            return None
        return lockout(run, *_where(port))

    async def _run_group(self, port: Port, selected: Sequence[Selected], context: CheckContext) -> Run:
        start = context.clock()
        try:
            result = await context.runner(self.argv(port, selected, context), timeout=context.timeout)
        except ToolNotFound as error:
            failed = all_unjudged(selected, CheckReason.TOOL_MISSING, str(error), start, context.clock())
            return Run(failed)
        return self._outcomes(port, selected, result, script_timeout(context))

    def argv(self, port: Port, selected: Sequence[Selected], context: CheckContext) -> list[str]:
        """One nmap command for all selected scripts of the port."""
        names = [item.exploit.name for item in selected]
        forced = [item.exploit.name for item in selected if item.forced]
        args = {key: value for item in selected for key, value in self._catalog[item.exploit.id].script_args}
        return _argv(port, names, forced, context, script_args=args)

    def _outcomes(self, port: Port, selected: Sequence[Selected], result: ToolResult, limit: float) -> Run:
        times = (result.started, result.ended)
        if result.timed_out:
            detail = f"nmap timed out after {result.duration:.1f} s"
            return Run(all_unjudged(selected, CheckReason.TIMEOUT, detail, *times))
        try:
            run = parse_nmap_xml(result.stdout)
        except ParseError as error:
            detail = _failure(result, str(error))
            return Run(all_unjudged(selected, CheckReason.TOOL_ERROR, detail, *times))
        if not run.stats.ok:
            detail = _failure(result, run.stats.errormsg or "nmap reported an error")
            return Run(all_unjudged(selected, CheckReason.TOOL_ERROR, detail, *times))
        cut_off = limit if may_have_stopped_scripts(result.duration, limit) else None
        outcomes = [self._outcome(port, item, run, result, cut_off) for item in selected]
        printed = {o.exploit_id for o in outcomes if find_script(run, *_where(port), self._name(o))}
        silent = {o.exploit_id for o in outcomes if o.status is CheckStatus.DONE} - printed
        return Run(outcomes, frozenset(silent))

    def _name(self, outcome: ExploitOutcome) -> str:
        return self._catalog[outcome.exploit_id].name

    def _outcome(
        self, port: Port, item: Selected, run: NmapRun, result: ToolResult, cut_off: float | None
    ) -> ExploitOutcome:
        """The script's result judged by `script_outcome` (errors FAILED, else DONE with findings);
        for a silent script DONE, or TIMEOUT when the run lasted as long as --script-timeout (nmap
        stops such a script without a word, which must not read as "not vulnerable")."""
        entry = self._catalog[item.exploit.id]
        script = find_script(run, port.node.ip, port.protocol, port.number, entry.name)
        if script is not None:
            return script_outcome(entry, script, result.started, result.ended)
        if (refused := lockout(run, port.node.ip, port.protocol, port.number)) is not None:
            detail = f"no output; the service locked the scanner out during the run ({refused!r})"
            return unjudged(entry.id, CheckReason.LOCKED_OUT, detail, result.started, result.ended)
        if cut_off is not None:
            detail = f"no output; nmap may have stopped the script at its time limit ({cut_off:.1f} s)"
            return unjudged(entry.id, CheckReason.TIMEOUT, detail, result.started, result.ended)
        return ExploitOutcome(
            exploit_id=entry.id, status=CheckStatus.DONE, start=result.started, end=result.ended
        )


def _where(port: Port) -> tuple[IPAddress, Protocol, int]:
    return port.node.ip, port.protocol, port.number


def _argv(
    port: Port,
    names: Sequence[str],
    forced: Sequence[str],
    context: CheckContext,
    *,
    script_args: Mapping[str, str] | None = None,
) -> list[str]:
    """One nmap command running the scripts `names` against the port (`forced` with a `+`)."""
    return scripts_argv(
        port.node.ip,
        port.number,
        names,
        protocol=port.protocol,
        privileged=_privileged(context),
        script_args=script_args,
        force=forced,
        script_timeout=script_timeout(context),
        nmap=context.command or "nmap",
    )


def _privileged(context: CheckContext) -> bool:
    return bool(context.options.get("privileged", os.geteuid() == 0))


def service_first(port: Port, selected: Sequence[Selected]) -> tuple[list[Selected], list[Selected]]:
    """The selection in two runs: the scripts named after the port's service, then the others."""
    name = port.service.name if port.service is not None else None
    own = [item for item in selected if name and item.exploit.name.startswith(f"{name}-")]
    return own, [item for item in selected if item not in own]


def may_have_stopped_scripts(duration: float, limit: float) -> bool:
    """Whether nmap may have stopped a script at --script-timeout `limit` in a run of `duration` s.

    NSE times scripts with os.time(), in whole seconds (`limit < os.time() - start`), so a script
    is stopped anywhere between floor(limit) and floor(limit) + 1 seconds after it started."""
    return duration >= math.floor(limit)


def script_timeout(context: CheckContext) -> float:
    """nmap's --script-timeout: a little under the check's timeout, so nmap still writes its report."""
    return context.timeout * 0.9


def _failure(result: ToolResult, problem: str) -> str:
    """A reason naming the exit status and nmap's own last words."""
    stderr = result.stderr.decode(errors="replace").strip().splitlines()
    last = f": {stderr[-1]}" if stderr else ""
    return f"nmap exited with status {result.returncode} ({problem}){last}"
