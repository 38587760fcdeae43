"""The `aucote-exposed` check: one probe per selected exploit, one after the other, each within the
check's timeout; the probe's evidence and errors are judged as every rule's are (`aucote.checks.judging`)."""

import asyncio
from collections.abc import Mapping, Sequence
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.exposed.probe import LockedOut, Probe, ProbeFailed
from aucote.checks.exposed.probes import PROBES
from aucote.checks.judging import from_error, from_evidence, no_rule
from aucote.checks.reasons import unjudged
from aucote.model.exploit import Exploit
from aucote.model.status import CheckReason
from aucote.model.target import Port

APP: Final = "aucote-exposed"


def unanswered(error: Exception, timeout: float) -> tuple[CheckReason, str] | None:
    """The reason and detail of a probe's network or protocol error; None for any other error."""
    if isinstance(error, TimeoutError):
        return CheckReason.TIMEOUT, f"no answer within {timeout:g} s"
    if isinstance(error, ConnectionRefusedError):
        return CheckReason.UNREACHABLE, "connection refused"
    if isinstance(error, EOFError):
        return CheckReason.UNREACHABLE, "the service closed the connection"
    if isinstance(error, OSError):
        return CheckReason.UNREACHABLE, str(error) or type(error).__name__
    if isinstance(error, LockedOut):
        return CheckReason.LOCKED_OUT, f"the service refused the scanner: {error}"
    if isinstance(error, ProbeFailed):
        return CheckReason.SCRIPT_ERROR, str(error)
    if isinstance(error, ValueError):
        return CheckReason.NOT_APPLICABLE, f"unexpected answer: {error}"
    return None


class ExposedServicesCheck:
    """Read-only probes of services open to anyone."""

    app: str = APP

    def __init__(self, probes: Mapping[str, Probe] = PROBES) -> None:
        self._probes = probes

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        return [await self._one(port, item.exploit, context) for item in selected]

    async def _one(self, port: Port, exploit: Exploit, context: CheckContext) -> ExploitOutcome:
        start = context.clock()
        probe = self._probes.get(exploit.name)
        if probe is None:
            return no_rule(exploit, start, start)
        try:
            evidence = await asyncio.wait_for(probe(port, context), context.timeout)
        except Exception as error:  # every error of a probe is its exploit's outcome
            return _failed(exploit.id, error, start, context)
        return from_evidence(exploit.id, evidence, start, context.clock())


def _failed(exploit_id: int, error: Exception, start: float, context: CheckContext) -> ExploitOutcome:
    known = unanswered(error, context.timeout)
    if known is None:
        return from_error(exploit_id, error, start, context.clock())
    return unjudged(exploit_id, *known, start, context.clock())
