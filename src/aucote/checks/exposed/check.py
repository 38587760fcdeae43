"""The `aucote-exposed` check: one probe per selected exploit, one after the other, each within the
check's timeout; the probe's evidence and errors are judged as every rule's are (`aucote.checks.judging`).

A probe refused by a service that locked the scanner out (`LockedOut`: TigerVNC's blacklist, whose
block lasts 10 s at first and doubles each time it ends) is asked again after each pause of
`LOCKOUT_PAUSES`, nothing sent in between (a refused connection does not prolong the block); still
refused after the last, it is FAILED `locked_out`."""

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
LOCKOUT_PAUSES: Final = (15.0, 30.0, 60.0, 120.0)
"""Seconds to wait before each new attempt of a locked-out probe (3 3/4 min in all; apart from the
nmap check's 12/24/48 s, so the two do not wake together at a block's end)."""


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

    def __init__(
        self, probes: Mapping[str, Probe] = PROBES, lockout_pauses: Sequence[float] = LOCKOUT_PAUSES
    ) -> None:
        self._probes = probes
        self._lockout_pauses = tuple(lockout_pauses)

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
            evidence = await self._attempts(probe, port, context)
        except Exception as error:  # every error of a probe is its exploit's outcome
            return _failed(exploit.id, error, start, context)
        return from_evidence(exploit.id, evidence, start, context.clock())

    async def _attempts(self, probe: Probe, port: Port, context: CheckContext) -> str | None:
        """The probe's evidence, asked again after each pause while the service locks the scanner out."""
        for pause in self._lockout_pauses:
            try:
                return await asyncio.wait_for(probe(port, context), context.timeout)
            except LockedOut:
                await asyncio.sleep(pause)
        return await asyncio.wait_for(probe(port, context), context.timeout)


def _failed(exploit_id: int, error: Exception, start: float, context: CheckContext) -> ExploitOutcome:
    known = unanswered(error, context.timeout)
    if known is None:
        return from_error(exploit_id, error, start, context.clock())
    return unjudged(exploit_id, *known, start, context.clock())
