"""Findings written the way scans write them: each `check` is one tools scan run through the real
Recorder (plan, outcome with findings, expiry of what it supersedes, scan end, the day's totals),
at a time the test sets. For the dashboard data tests (daily totals, triage)."""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from ipaddress import ip_address

from sqlalchemy import Engine

from aucote.checks.contract import ExploitOutcome
from aucote.engine.recorder import Recorder
from aucote.model.exploit import Exploit
from aucote.model.finding import Finding
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus, RiskLevel, ScanStatus
from aucote.model.target import Node, Port
from aucote.storage.repository import exploits, nodes

HIGH = Exploit(id=72, app="nmap", name="http-vuln-cve2011-3192", risk_level=RiskLevel.HIGH)
MEDIUM = Exploit(id=81, app="nmap", name="ssl-poodle", risk_level=RiskLevel.MEDIUM)
LOW = Exploit(id=90, app="aucote-http-headers", name="missing-hsts", risk_level=RiskLevel.LOW)
TITLE = Exploit(id=1044, app="nmap", name="http-title", risk_level=RiskLevel.NONE)
EXPLOITS = (HIGH, MEDIUM, LOW, TITLE)
DAY = 86400.0
START = 1_767_225_600.0  # 2026-01-01T00:00:00Z


@dataclass(slots=True)
class FindingsLab:
    """A database, a clock the test moves, and a way to record checks as scans do."""

    engine: Engine
    now: float = START + 3600.0
    ports: dict[tuple[str, int], Port] = field(default_factory=dict)

    def __post_init__(self) -> None:
        with self.engine.begin() as connection:
            exploits.sync_exploits(connection, EXPLOITS)

    def port(self, ip: str, number: int, protocol: Protocol = Protocol.TCP) -> Port:
        """The port (its node stored)."""
        if (ip, number) not in self.ports:
            with self.engine.begin() as connection:
                node_id = nodes.ensure_nodes(connection, [ip], self.now)[ip]
            self.ports[(ip, number)] = Port(Node(node_id, ip_address(ip)), number, protocol)
        return self.ports[(ip, number)]

    def check(
        self, port: Port, exploit: Exploit, outputs: Sequence[str], *, status: CheckStatus = CheckStatus.DONE
    ) -> int:
        """One tools scan running `exploit` on `port` now (60 s), reporting a finding per output
        (subid = its position); the scan's id."""
        return asyncio.run(self._check(port, exploit, outputs, status))

    async def _check(self, port: Port, exploit: Exploit, outputs: Sequence[str], status: CheckStatus) -> int:
        recorder = Recorder(self.engine, lambda: self.now)
        scan_id = await recorder.start_scan("tools_basic", None)
        ids = await recorder.plan(scan_id, port, [exploit], {})
        found = tuple(Finding(text, subid) for subid, text in enumerate(outputs))
        reason = None if status is CheckStatus.DONE else CheckReason.TIMEOUT
        outcome = ExploitOutcome(
            exploit_id=exploit.id,
            status=status,
            start=self.now,
            end=self.now + 60,
            findings=found,
            reason=reason,
        )
        await recorder.outcomes(scan_id, port, ids, [(exploit, outcome)])
        self.now += 60
        await recorder.end_scan(scan_id, ScanStatus.DONE)
        await recorder.totals()  # as the pipeline does once its scans ended
        return scan_id

    def later(self, seconds: float) -> None:
        """Move the clock."""
        self.now += seconds
