"""The `aucote-exposed` check: one probe per selected exploit, one after the other, each within the
check's timeout; every error becomes the outcome's reason."""

import asyncio
from collections.abc import Mapping, Sequence
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.exposed.probe import NotApplicable, Probe, ProbeFailed
from aucote.checks.exposed.probes import PROBES
from aucote.model.exploit import Exploit
from aucote.model.finding import Finding
from aucote.model.status import CheckStatus
from aucote.model.target import Port

APP: Final = "aucote-exposed"


def describe(error: Exception) -> str:
    """A one-line reason for an outcome."""
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, EOFError):
        return "the service closed the connection"
    if isinstance(error, ValueError):
        return f"unexpected answer: {error}"
    return str(error) or type(error).__name__


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
            return ExploitOutcome(
                exploit.id, CheckStatus.FAILED, start, start, (), f"no probe named {exploit.name!r}"
            )
        status, findings, reason = await _attempt(probe, port, context)
        return ExploitOutcome(exploit.id, status, start, context.clock(), findings, reason)


async def _attempt(
    probe: Probe, port: Port, context: CheckContext
) -> tuple[CheckStatus, tuple[Finding, ...], str | None]:
    try:
        evidence = await asyncio.wait_for(probe(port, context), context.timeout)
    except TimeoutError:
        return CheckStatus.TIMEOUT, (), f"no answer within {context.timeout:g} s"
    except NotApplicable as why:
        return CheckStatus.SKIPPED, (), str(why)
    except (ProbeFailed, OSError, EOFError, ValueError) as error:
        return CheckStatus.FAILED, (), describe(error)
    return CheckStatus.DONE, ((Finding(evidence),) if evidence else ()), None
