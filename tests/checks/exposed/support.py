"""Running one exploit of the `aucote-exposed` app against a loopback port, as the engine would."""

import asyncio
from collections.abc import Sequence
from functools import cache
from ipaddress import IPv4Address

from aucote.catalog import Catalog, load_catalog
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.exposed import APP, ExposedServicesCheck
from aucote.checks.exposed.check import LOCKOUT_PAUSES
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus
from aucote.model.target import Node, Port, Service


@cache
def catalog() -> Catalog:
    return load_catalog()


def selected(name: str) -> Selected:
    entry = catalog().find(APP, name)
    assert entry is not None, name
    return Selected(entry.exploit)


def loopback_port(number: int, protocol: Protocol = Protocol.TCP, service: str | None = None) -> Port:
    return Port(
        Node(1, IPv4Address("127.0.0.1")), number, protocol, Service(name=service) if service else None
    )


def run_exploit(
    name: str, port: Port, timeout: float = 5.0, pauses: Sequence[float] = LOCKOUT_PAUSES
) -> ExploitOutcome:
    context = CheckContext(timeout=timeout, options={"useragent": "AucoteTest/1"})
    check = ExposedServicesCheck(lockout_pauses=pauses)
    [outcome] = asyncio.run(check.run(port, [selected(name)], context))
    assert outcome.exploit_id == selected(name).exploit.id
    return outcome


def finding(
    name: str, port: Port, timeout: float = 5.0, pauses: Sequence[float] = LOCKOUT_PAUSES
) -> str | None:
    """The finding's output, None when the check ran and found nothing; fails on any other status."""
    outcome = run_exploit(name, port, timeout, pauses)
    assert outcome.status is CheckStatus.DONE, (outcome.reason, outcome.detail)
    assert len(outcome.findings) <= 1
    return outcome.findings[0].output if outcome.findings else None
