"""Running the external checks as the engine would: catalogue entries, loopback ports, contexts."""

import asyncio
from collections.abc import Callable
from functools import cache
from ipaddress import IPv4Address, IPv6Address

from aucote.catalog import Catalog, load_catalog
from aucote.checks.contract import Check, CheckContext, ExploitOutcome, Selected
from aucote.model.protocol import Protocol
from aucote.model.target import Node, Port, Service
from aucote.tools.fake_runner import FakeRunner, Reply


@cache
def catalog() -> Catalog:
    return load_catalog()


def selected(app: str) -> Selected:
    """The catalogue entry of the tool (`app` and `name` are the same)."""
    entry = catalog().find(app, app)
    assert entry is not None, app
    return Selected(entry.exploit)


def port(
    number: int,
    service: str | None = None,
    *,
    tunnel: str | None = None,
    protocol: Protocol = Protocol.TCP,
    ip: str = "127.0.0.1",
) -> Port:
    address = IPv6Address(ip) if ":" in ip else IPv4Address(ip)
    detected = Service(name=service, tunnel=tunnel) if service else None
    return Port(Node(1, address), number, protocol, detected)


def run(check: Check, target: Port, context: CheckContext) -> ExploitOutcome:
    """The check's one outcome for its one exploit."""
    [outcome] = asyncio.run(check.run(target, [selected(check.app)], context))
    assert outcome.exploit_id == selected(check.app).exploit.id
    return outcome


def faked(respond: Callable[[tuple[str, ...]], Reply], **context: object) -> tuple[FakeRunner, CheckContext]:
    """A FakeRunner answering with `respond` and a context using it."""
    runner = FakeRunner(respond)
    return runner, CheckContext(runner=runner, **context)  # type: ignore[arg-type]
