"""run_check: a check that crashes, or says nothing about an exploit, still gives one outcome per
exploit, FAILED with reason check_error. (No real check crashes on demand: small ones stand in.)"""

import asyncio
from collections.abc import Sequence
from ipaddress import IPv4Address

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.engine.check_runner import run_check
from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Node, Port

PORT = Port(Node(1, IPv4Address("127.0.0.1")), 22, Protocol.TCP)
SELECTED = [Selected(Exploit(1, "demo", "first")), Selected(Exploit(2, "demo", "second"))]
CONTEXT = CheckContext(clock=lambda: 5.0)


class Crashing:
    app = "demo"

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        raise RuntimeError("boom")


class ForgetsOne:
    app = "demo"

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        return [ExploitOutcome(exploit_id=2, status=CheckStatus.DONE, start=1.0, end=2.0)]


def test_a_crashing_check_fails_every_exploit() -> None:
    outcomes = asyncio.run(run_check(Crashing(), PORT, SELECTED, CONTEXT))
    assert [(o.exploit_id, o.status, o.reason, o.detail) for o in outcomes] == [
        (1, CheckStatus.FAILED, CheckReason.CHECK_ERROR, "demo check crashed: RuntimeError: boom"),
        (2, CheckStatus.FAILED, CheckReason.CHECK_ERROR, "demo check crashed: RuntimeError: boom"),
    ]


def test_an_exploit_the_check_forgot_fails() -> None:
    outcomes = asyncio.run(run_check(ForgetsOne(), PORT, SELECTED, CONTEXT))
    assert [(o.exploit_id, o.status, o.reason, o.detail) for o in outcomes] == [
        (2, CheckStatus.DONE, None, None),
        (1, CheckStatus.FAILED, CheckReason.CHECK_ERROR, "the demo check reported nothing for this exploit"),
    ]
