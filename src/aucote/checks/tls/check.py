"""TlsCheck: the check of the app `aucote-tls`. One sslyze scan per port with the union of the scan
commands the selected exploits need, then each exploit's rule judges the same result."""

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from sslyze.scanner.models import ServerScanRequest, ServerScanResult

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected, outcome_for_all
from aucote.checks.tls.observation import IncompleteScan, Observation
from aucote.checks.tls.rule import Rule
from aucote.checks.tls.rules import RULES
from aucote.checks.tls.scan import build_request, connectivity_error, run_scan, starttls_refused
from aucote.checks.tls.settings import TlsSettings
from aucote.model.finding import Finding
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus
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
        """One outcome per selected exploit: DONE with or without a finding, FAILED with the reason
        (no TLS on the port, a scan command or rule that failed), or TIMEOUT; never raises."""
        start = context.clock()
        if not selected:
            return []
        if port.protocol is not Protocol.TCP:
            return outcome_for_all(selected, CheckStatus.SKIPPED, start, start, "TLS checks need a TCP port")
        try:
            settings = TlsSettings.from_options(context.options)
        except ValueError as error:
            return outcome_for_all(selected, CheckStatus.FAILED, start, context.clock(), str(error))
        known = [item for item in selected if item.exploit.name in self._rules]
        unknown = self._unknown(selected, start)
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
            reason = f"sslyze did not finish within {context.timeout:g} s"
            return outcome_for_all(known, CheckStatus.TIMEOUT, start, context.clock(), reason)
        except Exception as error:  # sslyze or its request refused: the check fails, never raises
            reason = f"sslyze failed: {type(error).__name__}: {error}"
            return outcome_for_all(known, CheckStatus.FAILED, start, context.clock(), reason)
        end = context.clock()
        error_text = connectivity_error(result)
        if error_text is not None:
            status = CheckStatus.SKIPPED if starttls_refused(result) else CheckStatus.FAILED
            return outcome_for_all(known, status, start, end, error_text)
        observation = Observation(result, settings.server_name or str(port.node.ip), _utc(end))
        return [judge(item, rule, observation, start, end) for item, rule in zip(known, rules, strict=True)]

    def _unknown(self, selected: Sequence[Selected], start: float) -> list[ExploitOutcome]:
        missing = [item for item in selected if item.exploit.name not in self._rules]
        return [
            ExploitOutcome(
                item.exploit.id,
                CheckStatus.FAILED,
                start,
                start,
                reason=f"{self.app} has no rule named {item.exploit.name!r}",
            )
            for item in missing
        ]


def judge(item: Selected, rule: Rule, observation: Observation, start: float, end: float) -> ExploitOutcome:
    """The outcome of one exploit: DONE with the rule's evidence as its finding (or none), FAILED when
    a result it needs is missing or the rule itself breaks."""
    exploit_id = item.exploit.id
    try:
        evidence = rule.evaluate(observation)
    except IncompleteScan as error:
        return ExploitOutcome(exploit_id, CheckStatus.FAILED, start, end, reason=str(error))
    except Exception as error:  # a bug in a rule fails its exploit only
        reason = f"rule {rule.name} failed: {type(error).__name__}: {error}"
        return ExploitOutcome(exploit_id, CheckStatus.FAILED, start, end, reason=reason)
    findings = (Finding(evidence),) if evidence else ()
    return ExploitOutcome(exploit_id, CheckStatus.DONE, start, end, findings)


def _in_order(selected: Sequence[Selected], outcomes: list[ExploitOutcome]) -> list[ExploitOutcome]:
    position = {item.exploit.id: index for index, item in enumerate(selected)}
    return sorted(outcomes, key=lambda outcome: position[outcome.exploit_id])


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)
