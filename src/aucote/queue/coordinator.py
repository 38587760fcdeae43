"""A scan run whose tool work goes to the workers of each host's zone: the service records the
scans and nodes and plans the checks (no packet leaves it), queues one job per (scan, host) or
per (scan, port, batch of checks) on the zone's queue, and waits for Aucote's own record of the
jobs (storage.repository.queue_jobs) to say they ended. A job is queued only once its zone has a
free slot (queue.zone_slots: the zone's `parallel_tasks` over every run), and a host job's port
scan carries the zone's rate cap (queue.zone_limits). Cancelling the run cancels the queued jobs
and aborts the running ones."""

import asyncio
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select

from aucote.checks.contract import Selected
from aucote.engine.options import PortScanOptions
from aucote.engine.pipeline import ScanPipeline
from aucote.engine.planning import PortPlan, plan_node, plan_port
from aucote.engine.progress import HostsFound
from aucote.model.jobs import FINISHED, JobKind, JobState
from aucote.model.status import CheckReason
from aucote.model.target import IPAddress, Port
from aucote.model.zones import Zones
from aucote.queue.app import CHECKS_TASK, HOST_TASK
from aucote.queue.jobs import CheckJob, HostJob
from aucote.queue.kit import in_transaction
from aucote.queue.queue import JobQueue
from aucote.queue.zone_limits import ZoneLimits
from aucote.queue.zone_slots import ZoneSlots
from aucote.storage.repository import queue_jobs, security_scans
from aucote.storage.repository.queue_jobs import NewJob
from aucote.storage.tables import queue_jobs as table

T = TypeVar("T")

POLL_SECONDS = 0.25
SLOT_POLL_SECONDS = 0.05
"""How often a run looks for its ended jobs while some run waits for a zone's slot."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Queued:
    """A job to queue and what to do once it ended."""

    task: str
    kind: JobKind
    scan_id: int
    zone: str
    key: str
    json: dict[str, object]
    ended: Callable[[JobState], "asyncio.Future[None] | None"]


class QueuedScan(ScanPipeline):
    """ScanPipeline's scans, nodes and endings; its tool work on the queue."""

    def __init__(
        self,
        *args: Any,
        engine: Engine,
        queue: JobQueue,
        zones: Zones,
        checks_per_job: int,
        limits: ZoneLimits,
        slots: ZoneSlots,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.engine = engine
        if self.options.masscan is not None:
            raise ValueError(
                "masscan does not run on workers: remove tools.masscan or use the in-process queue"
            )
        self.queue, self.zones, self.checks_per_job = queue, zones, checks_per_job
        self.limits, self.slots = limits, slots
        self.keys: list[str] = []

    async def _scan_hosts(self, hosts: Sequence[IPAddress] | None) -> None:
        ips = [ip async for ip in self._given(hosts)] if hosts is not None else self._addresses()
        ips = [ip for ip in ips if str(ip) not in self.skip_hosts]
        if not ips:
            return
        scan_ids = await self._scans()
        jobs: list[Queued] = []
        for ip in ips:
            node_id = await self.recorder.node(str(ip), scan_ids)
            jobs += [self._host_job(ip, node_id, scan, scan_ids) for scan in self.options.port_scans]
        await self._run_jobs(jobs)

    def _addresses(self) -> list[IPAddress]:
        ips = list(self.options.targets.addresses())
        self.result.hosts += len(ips)
        self.observer(HostsFound(len(ips)))
        return ips

    def _host_job(self, ip: IPAddress, node_id: int, scan: PortScanOptions, scan_ids: list[int]) -> Queued:
        zone = self.zones.zone_of(ip)
        job = HostJob.of(
            scan_id=self.result.scan_ids[scan.scanner],
            node_id=node_id,
            ip=str(ip),
            scan=self.limits.port_scan(zone, scan),
            version_intensity=self.options.version_intensity,
        )

        def ended(state: JobState) -> "asyncio.Future[None]":
            if state is not JobState.DONE:
                self.result.problems.append(f"{scan.scanner} scan of {ip}: job {state.value}")
            return asyncio.ensure_future(self.recorder.end_node(scan_ids, node_id))

        return queued(job, zone, ended)

    async def _check_known(self, ports: Sequence[Port]) -> None:
        by_node = self._known_by_node(ports)
        if not by_node:
            return
        scan_ids = await self._scans()
        jobs: list[Queued] = []
        for node_ports in by_node.values():
            await self.recorder.node(str(node_ports[0].node.ip), scan_ids)
            jobs += await self._node_jobs(node_ports)
        await self._run_jobs(jobs)
        for node_id in by_node:
            await self.recorder.end_node(scan_ids, node_id)

    async def _node_jobs(self, ports: list[Port]) -> list[Queued]:
        plans = [(port, plan_port(self.catalog, port, self.options)) for port in ports]
        if self.options.scan_nodes:
            plans += list(plan_node(self.catalog, ports, self.options).items())
        jobs: list[Queued] = []
        for port, plan in plans:
            jobs += await self._plan_jobs(port, plan)
        return jobs

    async def _plan_jobs(self, port: Port, plan: PortPlan) -> list[Queued]:
        if not plan.exploits:
            return []
        without = {
            item.exploit.id: (CheckReason.NO_CHECK, f"no check implements app {app!r}")
            for app, group in plan.run.items()
            if app not in self.checks
            for item in group
        }
        scan_id = self.result.scan_ids[self.options.tools_scanner]
        ids = await self.recorder.plan(scan_id, port, plan.exploits, {**without, **plan.skipped})
        return [
            self._check_job(port, app, group[start : start + self.checks_per_job], ids)
            for app, group in plan.run.items()
            if app in self.checks
            for start in range(0, len(group), self.checks_per_job)
        ]

    def _check_job(self, port: Port, app: str, group: Sequence[Selected], ids: dict[int, int]) -> Queued:
        job = CheckJob.of(
            scan_id=self.result.scan_ids[self.options.tools_scanner],
            tools_scanner=self.options.tools_scanner,
            port=port,
            app=app,
            group=group,
            planned=ids,
            allow_intrusive=self.options.allow_intrusive,
        )

        def ended(state: JobState) -> "asyncio.Future[None] | None":
            if state is JobState.DONE:
                return None
            return asyncio.ensure_future(self._fail_rows(job.key, list(job.rows.values())))

        return queued(job, self.zones.zone_of(port.node.ip), ended)

    async def _fail_rows(self, key: str, rows: list[int]) -> None:
        reason_text, detail = await self._db(lambda c: _reason_of(c, key))
        reason = CheckReason(reason_text) if reason_text else CheckReason.JOB_FAILED
        now = self.clock()
        self.result.problems.append(f"job {key}: {reason.value}")
        await self._db(lambda c: security_scans.fail_unfinished(c, rows, reason, detail or reason.value, now))

    async def _db(self, work: Callable[[Connection], T]) -> T:
        return await in_transaction(self.engine, work)

    async def _run_jobs(self, jobs: Sequence[Queued]) -> None:
        """Record the jobs, queue each once its zone has a free slot, and wait until Aucote's
        record says each ended (cancelled or failing: cancel them); the slots go back however it
        ends."""
        now = self.clock()
        new = [NewJob(key=j.key, kind=j.kind, scan_id=j.scan_id, zone=j.zone) for j in jobs]
        await self._db(lambda c: queue_jobs.add_jobs(c, new, now))
        self.keys += [job.key for job in jobs]
        held: dict[str, str] = {}
        pending: dict[str, Queued] = {}
        feeding = asyncio.gather(*(self._feed(group, held, pending) for group in _by_zone(jobs)))
        try:
            await self._wait(pending, held, feeding)
        except (asyncio.CancelledError, Exception):
            feeding.cancel()
            await self._cancel()
            raise
        finally:
            await self._give_back(feeding, held)

    async def _give_back(self, feeding: "asyncio.Future[list[None]]", held: dict[str, str]) -> None:
        """Stop queueing and give back the slots still held (`held`: key → zone)."""
        feeding.cancel()
        await asyncio.gather(feeding, return_exceptions=True)
        for zone in held.values():
            self.slots.give(zone)
        held.clear()

    async def _feed(self, jobs: Sequence[Queued], held: dict[str, str], pending: dict[str, Queued]) -> None:
        """Queue one zone's jobs, each after taking a slot (`held`: key → zone); the queue's ids
        are recorded in one transaction per batch queued without waiting."""
        ids: dict[str, int] = {}
        for job in jobs:
            if ids and not self.slots.free(job.zone):
                await self._record_ids(ids)
                ids = {}
            await self.slots.take(job.zone)
            held[job.key] = job.zone
            ids[job.key] = await self.queue.defer(job.task, job.zone, job.key, job.json)
            pending[job.key] = job
        if ids:
            await self._record_ids(ids)

    async def _record_ids(self, ids: dict[str, int]) -> None:
        await self._db(lambda c: queue_jobs.set_job_ids(c, ids))

    async def _wait(
        self, pending: dict[str, Queued], held: dict[str, str], feeding: "asyncio.Future[list[None]]"
    ) -> None:
        """Until every job was queued and ended: each ended job gives its slot back at once."""
        followups: list[asyncio.Future[None]] = []
        while pending or not feeding.done():
            if feeding.done():
                feeding.result()  # a job that could not be queued fails the run
            states = (
                await self._db(functools.partial(queue_jobs.states, keys=list(pending))) if pending else {}
            )
            for key, state in states.items():
                if state in FINISHED:
                    self.slots.give(held.pop(key))
                    followup = pending.pop(key).ended(state)
                    if followup is not None:
                        followups.append(followup)
            if pending or not feeding.done():
                await asyncio.sleep(SLOT_POLL_SECONDS if self.slots.wanted() else POLL_SECONDS)
        feeding.result()
        await asyncio.gather(*followups)

    async def _cancel(self) -> None:
        keys, now = self.keys, self.clock()
        scan_ids = list(self.result.scan_ids.values())
        job_ids = await self._db(lambda c: queue_jobs.open_job_ids(c, scan_ids))
        cancelled, reason = JobState.CANCELLED, CheckReason.CANCELLED
        await self._db(lambda c: queue_jobs.end_unfinished(c, keys, cancelled, now, reason, "scan stopped"))
        await self.queue.abort(job_ids)


def _by_zone(jobs: Sequence[Queued]) -> list[list[Queued]]:
    """The jobs grouped by zone, in order: each zone is queued on its own, so that one waiting
    for a slot never holds back another."""
    groups: dict[str, list[Queued]] = {}
    for job in jobs:
        groups.setdefault(job.zone, []).append(job)
    return list(groups.values())


def queued(
    job: HostJob | CheckJob, zone: str, ended: Callable[[JobState], "asyncio.Future[None] | None"]
) -> Queued:
    """A job to queue on `zone`'s queue, with what to do once it ended."""
    host = isinstance(job, HostJob)
    return Queued(
        task=HOST_TASK if host else CHECKS_TASK,
        kind=JobKind.HOST if host else JobKind.CHECKS,
        scan_id=job.scan_id,
        zone=zone,
        key=job.key,
        json=job.to_json(),
        ended=ended,
    )


def _reason_of(connection: Connection, key: str) -> tuple[str | None, str | None]:
    row = connection.execute(select(table.c.reason, table.c.detail).where(table.c.key == key)).one()
    return row.reason, row.detail
