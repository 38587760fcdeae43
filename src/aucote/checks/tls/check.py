"""TlsCheck: the check of the app `aucote-tls`. One sslyze scan per port with the union of the scan
commands the selected exploits need, then each exploit's rule judges the same result
(`aucote.checks.judging`)."""

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from sslyze.scanner.models import ServerScanRequest, ServerScanResult

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.judging import judge, no_rule
from aucote.checks.reasons import all_unjudged
from aucote.checks.tls.connectivity import connectivity_problem
from aucote.checks.tls.observation import Observation
from aucote.checks.tls.rule import Rule
from aucote.checks.tls.rules import RULES
from aucote.checks.tls.scan import build_request, run_scan
from aucote.checks.tls.settings import TlsSettings
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason
from aucote.model.target import Port

ScanFunction = Callable[[ServerScanRequest], ServerScanResult]
"""Runs one sslyze request to its result (blocking); tests may pass a recorded one instead."""


class TlsCheck:
    """Runs every selected `aucote-tls` exploit against one TCP port with one sslyze scan."""

    app: str = "aucote-tls"

    def __init__(self, scan: ScanFunction = run_scan, rules: Mapping[str, Rule] = RULES) -> None:
        self._scan = scan
        self._rules = rules

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        """One outcome per selected exploit: judged by its rule, or unjudged with the reason (no TLS
        on the port, sslyze failed or timed out, bad options); never raises."""
        start = context.clock()
        if not selected:
            return []
        if port.protocol is not Protocol.TCP:
            detail = "TLS checks need a TCP port"
            return all_unjudged(selected, CheckReason.NOT_APPLICABLE, detail, start, start)
        try:
            settings = TlsSettings.from_options(context.options)
        except ValueError as error:
            return all_unjudged(selected, CheckReason.CHECK_ERROR, str(error), start, context.clock())
        known = [item for item in selected if item.exploit.name in self._rules]
        unknown = [
            no_rule(item.exploit, start, start) for item in selected if item.exploit.name not in self._rules
        ]
        if not known:
            return unknown
        judged = await self._scan_and_judge(port, known, settings, context, start)
        return _in_order(selected, judged + unknown)

    async def _scan_and_judge(
        self, port: Port, known: list[Selected], settings: TlsSettings, context: CheckContext, start: float
    ) -> list[ExploitOutcome]:
        rules = [self._rules[item.exploit.name] for item in known]
        commands = frozenset(command for rule in rules for command in rule.commands)
        try:
            request = build_request(port, commands, settings, context.timeout)
            result = await asyncio.wait_for(asyncio.to_thread(self._scan, request), context.timeout)
        except TimeoutError:
            detail = f"sslyze did not finish within {context.timeout:g} s"
            return all_unjudged(known, CheckReason.TIMEOUT, detail, start, context.clock())
        except Exception as error:  # sslyze or its request refused: the check fails, never raises
            detail = f"sslyze failed: {type(error).__name__}: {error}"
            return all_unjudged(known, CheckReason.TOOL_ERROR, detail, start, context.clock())
        end = context.clock()
        problem = connectivity_problem(result)
        if problem is not None:
            return all_unjudged(known, *problem, start, end)
        observation = Observation(result, settings.server_name or str(port.node.ip), _utc(end))
        return [
            judge(item.exploit, observation, rule.evaluate, start, end)
            for item, rule in zip(known, rules, strict=True)
        ]


def _in_order(selected: Sequence[Selected], outcomes: list[ExploitOutcome]) -> list[ExploitOutcome]:
    position = {item.exploit.id: index for index, item in enumerate(selected)}
    return sorted(outcomes, key=lambda outcome: position[outcome.exploit_id])


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)
