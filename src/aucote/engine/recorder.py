"""Everything the pipeline writes, as small transactions run off the event loop, one at a time."""

import asyncio
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Connection, Engine

from aucote.checks.contract import ExploitOutcome
from aucote.engine.meter import NoMeter, WorkMeter
from aucote.engine.notices import scan_failed, write_notices
from aucote.model.exploit import Exploit
from aucote.model.finding import Finding, scoring
from aucote.model.notification import NoticeRule
from aucote.model.status import CheckReason, CheckStatus, ScanStatus
from aucote.model.target import Port, Service
from aucote.model.triage import FindingKey, evidence_digest
from aucote.storage.repository import nodes, port_scans, scans, security_scans, vulnerabilities
from aucote.storage.repository.daily_totals import record_day
from aucote.storage.repository.expiration import expire_retested, expire_untested
from aucote.storage.repository.records import NewPortScan, NewSecurityScan, NewVulnerability
from aucote.storage.repository.top_values import record_tops
from aucote.storage.repository.triage import note_evidence

T = TypeVar("T")


class Recorder:
    """The pipeline's storage: each call is one transaction, serialised by a lock and run in one
    thread of the recorder's own, so the database driver's memory stays in one thread's heap
    instead of spreading over the shared pool's threads (bench/service_leak.py)."""

    def __init__(self, engine: Engine, clock: Callable[[], float], meter: WorkMeter | None = None) -> None:
        """`meter` hears of scans and checks ended and of the open findings, after each is stored."""
        self._engine = engine
        self._clock = clock
        self._meter = meter or NoMeter()
        self._scans: dict[int, tuple[str, float]] = {}
        self._lock = asyncio.Lock()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aucote-recorder")
        self.notice_rules: tuple[NoticeRule, ...] = ()
        """Notification rules applied as changes are recorded (set by the service)."""
        self.on_notices: Callable[[], None] = lambda: None
        """Called after a transaction wrote notifications to the outbox (wakes the deliverer)."""

    def noticed(self) -> None:
        """Notifications were committed: tell whoever delivers them."""
        self.on_notices()

    async def _write(self, work: Callable[[Connection], T]) -> T:
        async with self._lock:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._thread, self._transaction, work)

    def _transaction(self, work: Callable[[Connection], T]) -> T:
        with self._engine.begin() as connection:
            return work(connection)

    def now(self) -> float:
        """The recorder's clock."""
        return self._clock()

    async def run(self, work: Callable[[Connection], T]) -> T:
        """Run other storage work in the recorder's transaction order."""
        return await self._write(work)

    async def start_scan(self, scanner: str, protocol: int | None, resumed_from: int | None = None) -> int:
        """A new scan, IN PROGRESS from now (resuming an interrupted one when `resumed_from`)."""
        now = self._clock()
        scan_id = await self._write(
            lambda c: scans.start_scan(c, scanner, protocol, now, resumed_from=resumed_from)
        )
        self._scans[scan_id] = (scanner, now)
        return scan_id

    async def end_scan(self, scan_id: int, status: ScanStatus, reason: str | None = None) -> None:
        """Close a scan; security scans still queued or running become CANCELLED."""
        now = self._clock()

        scanner = self._scans.get(scan_id, ("", now))[0]
        notices = [scan_failed(scanner, scan_id, reason, now)] if status is ScanStatus.FAILED else []
        rules = self.notice_rules if scanner else ()

        def work(connection: Connection) -> int:
            security_scans.cancel_unfinished(connection, scan_id, now)
            scans.end_scan(connection, scan_id, now, status, reason)
            return write_notices(connection, rules, notices) if rules and notices else 0

        if await self._write(work):
            self.noticed()
        if scan_id in self._scans:
            scanner, start = self._scans.pop(scan_id)
            self._meter.scan_ended(scanner, status, now - start)

    async def totals(self) -> None:
        """Write the day's totals of open findings (the dashboard's trend) and the overview's top
        lists as of now, once a run's scans ended: a transaction each, whose reads take no write
        lock before their writes."""
        now = self._clock()
        counts = await self._write(lambda c: record_day(c, now))
        await self._write(lambda c: record_tops(c, now))
        self._meter.open_findings({risk: count.open for risk, count in counts.items()})

    async def expire_untested(self, period: float) -> int:
        """Expire what was not re-tested within `period`; when anything expired, the day's totals
        again (they may have fallen). How many rows expired."""
        now = self._clock()
        expired = await self._write(lambda c: expire_untested(c, now, period))
        if expired:
            await self.totals()
        return expired

    async def node(self, ip: str, scan_ids: Sequence[int]) -> int:
        """The node id of `ip`, recorded as covered by each of the scans."""
        now = self._clock()

        def work(connection: Connection) -> int:
            node_id = nodes.ensure_nodes(connection, [ip], now)[ip]
            for scan_id in scan_ids:
                scans.add_node_scans(connection, scan_id, [node_id], now)
            return node_id

        return await self._write(work)

    async def end_node(self, scan_ids: Sequence[int], node_id: int) -> None:
        """Every task of these scans for the node is finished."""
        now = self._clock()

        def work(connection: Connection) -> None:
            for scan_id in scan_ids:
                scans.end_node_scan(connection, scan_id, node_id, now)

        await self._write(work)

    async def open_ports(self, scan_id: int, ports: Sequence[Port]) -> list[int]:
        """Port scans for the open ports found; their ids in order."""
        now = self._clock()
        rows = [
            NewPortScan(scan_id, port.node.id, port.number, int(port.protocol), now, port.service)
            for port in ports
        ]
        return await self._write(lambda c: port_scans.add_port_scans(c, rows))

    async def services(self, found: Mapping[int, Service]) -> None:
        """Store detected services by port scan id."""

        def work(connection: Connection) -> None:
            for port_scan_id, service in found.items():
                port_scans.set_service(connection, port_scan_id, service)

        await self._write(work)

    async def plan(
        self,
        scan_id: int,
        port: Port,
        exploits: Sequence[Exploit],
        skipped: Mapping[int, tuple[CheckReason, str]],
    ) -> dict[int, int]:
        """A security scan per exploit (QUEUED, or SKIPPED with its reason); exploit id → row id."""
        now = self._clock()
        rows = [_planned(scan_id, port, exploit, skipped.get(exploit.id), now) for exploit in exploits]
        ids = await self._write(lambda c: security_scans.add_security_scans(c, rows))
        for exploit in exploits:
            if exploit.id in skipped:
                self._meter.check_ended(exploit.app, CheckStatus.SKIPPED, None)
        return {exploit.id: row_id for exploit, row_id in zip(exploits, ids, strict=True)}

    async def running(self, ids: Sequence[int]) -> None:
        """These security scans started now."""
        now = self._clock()
        await self._write(lambda c: security_scans.set_outcome(c, ids, CheckStatus.RUNNING, start=now))

    async def outcomes(
        self,
        scan_id: int,
        port: Port,
        ids: Mapping[int, int],
        results: Sequence[tuple[Exploit, ExploitOutcome]],
    ) -> None:
        """Statuses, times and findings of finished security scans, and expiry of what a DONE
        re-test supersedes (see storage.repository.expiration)."""

        await self._write(lambda c: store_outcomes(c, scan_id, port, ids, results))
        for exploit, outcome in results:
            self._meter.check_ended(exploit.app, outcome.status, outcome.end - outcome.start)


def _planned(
    scan_id: int, port: Port, exploit: Exploit, skip: tuple[CheckReason, str] | None, now: float
) -> NewSecurityScan:
    when = now if skip else None
    reason, detail = skip or (None, None)
    return NewSecurityScan(
        scan_id=scan_id,
        exploit_id=exploit.id,
        node_id=port.node.id,
        port=port.number,
        protocol=int(port.protocol),
        start=when,
        end=when,
        status=CheckStatus.SKIPPED if skip else CheckStatus.QUEUED,
        reason=reason,
        detail=detail,
    )


def store_outcomes(
    connection: Connection,
    scan_id: int,
    port: Port,
    ids: Mapping[int, int],
    results: Sequence[tuple[Exploit, ExploitOutcome]],
) -> None:
    """Each outcome on its security scan row (`ids`: exploit id → row id), with its findings."""
    for exploit, outcome in results:
        row_id = ids[exploit.id]
        security_scans.set_outcome(
            connection,
            [row_id],
            outcome.status,
            start=outcome.start,
            end=outcome.end,
            reason=outcome.reason,
            detail=outcome.detail,
        )
        store_findings(connection, scan_id, port, row_id, exploit, outcome)


def store_findings(
    connection: Connection, scan_id: int, port: Port, row_id: int, exploit: Exploit, outcome: ExploitOutcome
) -> int:
    """Store the findings of security scan `row_id` (scored by `model.finding.scoring`), flag the
    triage of the exploit on the port when they differ from the evidence it was set on, and, after
    a DONE run, expire what it supersedes (storage.repository.expiration); how many were stored.
    The one way a scan's and an import's outcomes reach the findings."""
    rows = [_vulnerability(scan_id, port, row_id, exploit, outcome.end, f) for f in outcome.findings]
    vulnerabilities.add_vulnerabilities(connection, rows)
    if rows:
        key = FindingKey(
            exploit_id=exploit.id, node_id=port.node.id, protocol=int(port.protocol), port=port.number
        )
        digest = evidence_digest((finding.subid, finding.output) for finding in outcome.findings)
        note_evidence(connection, key, digest, outcome.end)
    if outcome.status is CheckStatus.DONE:
        expire_retested(connection, scan_id, port, exploit.id, outcome.start)
    return len(rows)


def _vulnerability(
    scan_id: int, port: Port, row_id: int, exploit: Exploit, time: float, finding: Finding
) -> NewVulnerability:
    score = scoring(finding, exploit)
    return NewVulnerability(
        security_scan_id=row_id,
        scan_id=scan_id,
        exploit_id=exploit.id,
        node_id=port.node.id,
        port=port.number,
        protocol=int(port.protocol),
        output=finding.output,
        time=time,
        subid=finding.subid,
        cve=score.cve,
        cvss=score.cvss,
        risk_level=score.risk_level.value,
    )
