"""The SSH check (app `aucote-ssh`): one handshake per port, then every selected rule judges it
(`aucote.checks.judging`)."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.judging import judge
from aucote.checks.reasons import all_unjudged
from aucote.checks.ssh.handshake import Handshake, HandshakeError, handshake
from aucote.checks.ssh.rules import RULES
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason
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
            return all_unjudged(selected, CheckReason.NOT_APPLICABLE, "SSH runs over TCP", start, start)
        try:
            async with asyncio.timeout(context.timeout):
                result = await self._connect(str(port.node.ip), port.number)
        except TimeoutError:
            detail = f"no SSH handshake within {context.timeout:g} s"
            return all_unjudged(selected, CheckReason.TIMEOUT, detail, start, context.clock())
        except HandshakeError as error:
            return all_unjudged(selected, error.reason, str(error), start, context.clock())
        end = context.clock()
        return [judge(item.exploit, result, RULES.get(item.exploit.name), start, end) for item in selected]
