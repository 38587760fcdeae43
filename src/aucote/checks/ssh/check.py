"""The SSH check (app `aucote-ssh`): one handshake per port, then every selected rule on it."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected, outcome_for_all
from aucote.checks.ssh.handshake import Handshake, HandshakeError, handshake
from aucote.checks.ssh.rules import RULES
from aucote.model.finding import Finding
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus
from aucote.model.target import Port

APP: Final = "aucote-ssh"
Connect = Callable[[str, int], Awaitable[Handshake]]


class SshCheck:
    """Connects once (within the context's timeout) and judges the server's identification and
    algorithm lists with the rules of the selected exploits."""

    app = APP

    def __init__(self, connect: Connect = handshake) -> None:
        self._connect = connect

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        """One outcome per selected exploit, all from the same connection."""
        if not selected:
            return []
        start = context.clock()
        if port.protocol is not Protocol.TCP:
            return outcome_for_all(selected, CheckStatus.SKIPPED, start, start, "SSH runs over TCP")
        try:
            async with asyncio.timeout(context.timeout):
                result = await self._connect(str(port.node.ip), port.number)
        except TimeoutError:
            reason = f"no SSH handshake within {context.timeout:g} s"
            return outcome_for_all(selected, CheckStatus.TIMEOUT, start, context.clock(), reason)
        except HandshakeError as error:
            return outcome_for_all(selected, CheckStatus.FAILED, start, context.clock(), str(error))
        end = context.clock()
        return [_outcome(item, result, start, end) for item in selected]


def _outcome(item: Selected, result: Handshake, start: float, end: float) -> ExploitOutcome:
    exploit_id = item.exploit.id
    rule = RULES.get(item.exploit.name)
    if rule is None:
        reason = f"no rule named {item.exploit.name!r}"
        return ExploitOutcome(exploit_id, CheckStatus.FAILED, start, end, (), reason)
    if rule.needs_kexinit and result.kexinit is None:
        reason = "the server speaks SSH protocol 1 only: no SSH-2 algorithm lists to judge"
        return ExploitOutcome(exploit_id, CheckStatus.SKIPPED, start, end, (), reason)
    output = rule.evaluate(result)
    findings = (Finding(output),) if output else ()
    return ExploitOutcome(exploit_id, CheckStatus.DONE, start, end, findings)
