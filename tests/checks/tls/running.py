"""Run TlsCheck on a loopback port the way the engine would, and read its outcomes by exploit name."""

import asyncio
from collections.abc import Iterable, Mapping
from ipaddress import ip_address

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.tls.check import ScanFunction, TlsCheck
from aucote.checks.tls.scan import run_scan
from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.target import Node, Port, Service


def loopback_port(
    number: int, service: str | None = None, protocol: Protocol = Protocol.TCP, address: str = "127.0.0.1"
) -> Port:
    """Port `number` of a loopback address, with a detected service name if given (`ssl/smtp` means a
    service in an ssl tunnel)."""
    return Port(Node(1, ip_address(address)), number, protocol, Service(service) if service else None)


def run_check(
    exploits: Mapping[str, Exploit],
    port: Port,
    names: Iterable[str] | None = None,
    options: Mapping[str, object] | None = None,
    timeout: float = 60.0,
    scan: ScanFunction = run_scan,
) -> dict[str, ExploitOutcome]:
    """The outcome of each named exploit (all of them by default), keyed by exploit name."""
    chosen = [exploits[name] for name in (names if names is not None else exploits)]
    context = CheckContext(timeout=timeout, options=dict(options or {}))
    outcomes = asyncio.run(TlsCheck(scan).run(port, [Selected(exploit) for exploit in chosen], context))
    by_id = {exploit.id: exploit.name for exploit in chosen}
    return {by_id[outcome.exploit_id]: outcome for outcome in outcomes}


def evidence(outcomes: Mapping[str, ExploitOutcome]) -> dict[str, str]:
    """The finding text of every exploit that found something (all outcomes must be DONE)."""
    failed = {name: (o.reason, o.detail) for name, o in outcomes.items() if o.status != "DONE"}
    assert failed == {}
    return {name: outcome.findings[0].output for name, outcome in outcomes.items() if outcome.findings}
