"""One scan run: discovery → open ports → services → checks, hosts in parallel, every step
recorded as it happens. Cancelling the run kills its tools and ends its scans as CANCELLED."""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check, Selected
from aucote.engine.changes import record_changes
from aucote.engine.check_runner import context_for, run_check
from aucote.engine.executor import Executor, TaskInfo
from aucote.engine.masscan_step import masscan_candidates
from aucote.engine.nmap_steps import NmapSteps, StepFailed
from aucote.engine.options import MasscanOptions, PortScanOptions, ScanOptions
from aucote.engine.planning import plan_port
from aucote.engine.progress import (
    ChecksDone,
    ChecksPlanned,
    HostDone,
    HostsFound,
    Observer,
    ToolEnded,
    ToolStarted,
    ignore,
)
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus, ScanStatus
from aucote.model.target import IPAddress, Node, Port
from aucote.tools.nmap.report import NmapPort
from aucote.tools.nmap.service import to_service
from aucote.tools.runner import Runner, run_tool

T = TypeVar("T")


class ScanPipeline:
    """Runs one scan with the given options, checks and storage."""

    def __init__(
        self,
        options: ScanOptions,
        recorder: Recorder,
        catalog: Catalog,
        checks: Mapping[str, Check],
        *,
        runner: Runner = run_tool,
        observer: Observer = ignore,
        clock: Callable[[], float] = time.time,
        executor: Executor | None = None,
        skip_hosts: frozenset[str] = frozenset(),
        resumed_from: int | None = None,
    ) -> None:
        self.options, self.recorder, self.catalog, self.checks = options, recorder, catalog, checks
        self.runner, self.observer, self.clock = runner, observer, clock
        self.steps = NmapSteps(options, runner)
        self.executor = executor or Executor(options.parallel_tasks)
        self.skip_hosts = skip_hosts
        self.candidates: dict[IPAddress, list[int]] = {}
        self.resumed_from = resumed_from
        self.result = ScanResult()

    async def run(
        self, *, hosts: Sequence[IPAddress] | None = None, ports: Sequence[Port] | None = None
    ) -> ScanResult:
        """Scan once: discover hosts (or take `hosts`), find their ports and check them — or, given
        `ports` (a tools scanner's run), only check those ports. The result says how it ended."""
        await self._start_scans()
        try:
            if ports is not None:
                await self._check_known(ports)
            else:
                await self._scan_hosts(hosts)
        except asyncio.CancelledError:
            await self._end_scans(ScanStatus.CANCELLED, "cancelled")
            raise
        except Exception as error:
            await self._end_scans(ScanStatus.FAILED, f"{type(error).__name__}: {error}")
            return self.result
        await self._end_scans(ScanStatus.DONE, "; ".join(self.result.problems) or None)
        return self.result

    async def _start_scans(self) -> None:
        for scan in self.options.port_scans:
            scan_id = await self.recorder.start_scan(scan.scanner, int(scan.protocol), self.resumed_from)
            self.result.scan_ids[scan.scanner] = scan_id
        if self.options.run_checks:
            tools = self.options.tools_scanner
            self.result.scan_ids[tools] = await self.recorder.start_scan(tools, None, self.resumed_from)

    async def _end_scans(self, status: ScanStatus, reason: str | None) -> None:
        for scanner, scan_id in self.result.scan_ids.items():
            await self.recorder.end_scan(scan_id, status, reason)
            if status is ScanStatus.DONE:
                await record_changes(self.recorder, scanner, scan_id)
        self.result.status, self.result.reason = status, reason

    async def _scan_hosts(self, hosts: Sequence[IPAddress] | None) -> None:
        queue: asyncio.Queue[IPAddress | None] = asyncio.Queue(maxsize=self.options.parallel_tasks * 2)
        workers = self.options.parallel_tasks
        async with asyncio.TaskGroup() as group:
            for _ in range(workers):
                group.create_task(self._worker(queue))
            async for ip in self._given(hosts) if hosts is not None else self._hosts():
                if str(ip) not in self.skip_hosts:
                    await queue.put(ip)
            for _ in range(workers):
                await queue.put(None)

    async def _given(self, hosts: Sequence[IPAddress]) -> AsyncIterator[IPAddress]:
        allowed = [ip for ip in hosts if self.options.targets.contains(ip)]
        self.result.hosts += len(allowed)
        self.observer(HostsFound(len(allowed)))
        for ip in allowed:
            yield ip

    async def _check_known(self, ports: Sequence[Port]) -> None:
        """A tools scanner's run: check ports found earlier, node by node."""
        by_node: dict[int, list[Port]] = {}
        for port in ports:
            if self.options.targets.contains(port.node.ip):
                by_node.setdefault(port.node.id, []).append(port)
        self.result.hosts, self.result.open_ports = len(by_node), sum(map(len, by_node.values()))
        self.observer(HostsFound(len(by_node)))
        scan_ids = list(self.result.scan_ids.values())
        async with asyncio.TaskGroup() as group:
            for node_ports in by_node.values():
                group.create_task(self._check_node(node_ports, scan_ids))

    async def _check_node(self, ports: list[Port], scan_ids: list[int]) -> None:
        node = ports[0].node
        await self.recorder.node(str(node.ip), scan_ids)
        await asyncio.gather(*(self._checks(port) for port in ports))
        await self.recorder.end_node(scan_ids, node.id)
        self.observer(HostDone(str(node.ip), len(ports)))

    async def _worker(self, queue: "asyncio.Queue[IPAddress | None]") -> None:
        while (ip := await queue.get()) is not None:
            await self._host(ip)

    async def _hosts(self) -> AsyncIterator[IPAddress]:
        """The hosts to scan: live ones when discovery is on, else every target address (streamed)."""
        targets = self.options.targets
        masscan, scan = self.options.masscan, self._masscan_scan()
        if masscan is not None and scan is not None:
            for ip in await self._masscan_hosts(masscan, scan):
                yield ip
            async for ip in self._discovered(6):
                yield ip
            return
        if not any(scan.host_discovery for scan in self.options.port_scans):
            for ip in targets.addresses():
                self.result.hosts += 1
                yield ip
            return
        for version in (4, 6):
            async for ip in self._discovered(version):
                yield ip

    async def _discovered(self, version: int) -> AsyncIterator[IPAddress]:
        """Live hosts of the target networks of one IP version (nmap ping scan)."""
        targets = self.options.targets
        if networks := targets.networks(version):
            info = self._task("host discovery", f"{len(networks)} network(s)", None)
            live = await self._tool(info, self.steps.live_hosts(networks, targets.excluded(version)))
            allowed = [ip for ip in live if targets.contains(ip)]
            self.result.hosts += len(allowed)
            self.observer(HostsFound(len(allowed)))
            for ip in allowed:
                yield ip

    def _masscan_scan(self) -> PortScanOptions | None:
        """The TCP port scan masscan stands in for (IPv4 only), when masscan is configured."""
        if self.options.masscan is None or not self.options.targets.networks(4):
            return None
        return next((scan for scan in self.options.port_scans if scan.protocol is Protocol.TCP), None)

    async def _masscan_hosts(self, masscan: MasscanOptions, scan: PortScanOptions) -> list[IPAddress]:
        """Hosts with candidate ports from one masscan run over the IPv4 networks (the candidates
        are kept for `_verifying`)."""
        networks = len(self.options.targets.networks(4))
        info = TaskInfo("masscan", "port scan", f"{networks} network(s)", scan.scanner)
        work = masscan_candidates(
            self.options.targets,
            scan.ports,
            rate=masscan.rate,
            command=masscan.command,
            args=masscan.args,
            timeout=masscan.timeout,
            runner=self.runner,
        )
        self.candidates = await self._tool(info, work)
        self.result.hosts += len(self.candidates)
        self.observer(HostsFound(len(self.candidates)))
        return list(self.candidates)

    async def _host(self, ip: IPAddress) -> None:
        scan_ids = list(self.result.scan_ids.values())
        node = Node(await self.recorder.node(str(ip), scan_ids), ip)
        found = 0
        for scan in self.options.port_scans:
            try:
                ports = await self._ports(node, scan)
            except StepFailed as error:
                self.result.problems.append(f"{scan.scanner} scan of {ip}: {error}")
                continue
            found += len(ports)
            if self.options.run_checks:
                await asyncio.gather(*(self._checks(port) for port in ports))
        await self.recorder.end_node(scan_ids, node.id)
        self.observer(HostDone(str(ip), found))

    async def _ports(self, node: Node, scan: PortScanOptions) -> list[Port]:
        """Open ports of the node with their services, recorded as they are found."""
        scan = self._verifying(node.ip, scan)
        info = self._task(f"{scan.protocol.name} port scan", str(node.ip), scan.scanner)
        found = await self._tool(info, self.steps.open_ports(node.ip, scan))
        ports = [Port(node, port.number, port.protocol) for port in found]
        ids = await self.recorder.open_ports(self.result.scan_ids[scan.scanner], ports)
        self.result.open_ports += len(ports)
        if not found:
            return ports
        return await self._services(node, found, scan, dict(zip((p.number for p in ports), ids, strict=True)))

    def _verifying(self, ip: IPAddress, scan: PortScanOptions) -> PortScanOptions:
        """With masscan, nmap scans only the ports masscan reported for the host: what is recorded
        is what nmap confirms."""
        if scan.protocol is not Protocol.TCP or ip not in self.candidates:
            return scan
        ports = ",".join(str(port) for port in self.candidates[ip])
        return replace(scan, ports=ports, exclude_ports=None)

    async def _services(
        self, node: Node, found: Sequence[NmapPort], scan: PortScanOptions, ids: dict[int, int]
    ) -> list[Port]:
        info = self._task("service detection", f"{node.ip} ({len(found)} ports)", None)
        try:
            detected = await self._tool(info, self.steps.services(node.ip, found, scan))
        except StepFailed as error:
            self.result.problems.append(f"service detection of {node.ip}: {error}")
            return [Port(node, port.number, port.protocol) for port in found]
        services = {port.number: service for port in detected if (service := to_service(port))}
        await self.recorder.services({ids[n]: service for n, service in services.items() if n in ids})
        return [Port(node, port.number, port.protocol, services.get(port.number)) for port in found]

    async def _checks(self, port: Port) -> None:
        plan = plan_port(self.catalog, port, self.options)
        exploits = [item.exploit for group in plan.values() for item in group]
        if not exploits:
            return
        skipped = {
            item.exploit.id: (CheckReason.NO_CHECK, f"no check implements app {app!r}")
            for app, group in plan.items()
            if app not in self.checks
            for item in group
        }
        tools_scan = self.result.scan_ids[self.options.tools_scanner]
        ids = await self.recorder.plan(tools_scan, port, exploits, skipped)
        self.observer(ChecksPlanned(port, len(exploits)))
        for _ in skipped:
            self.result.count(CheckStatus.SKIPPED)
        self.observer(ChecksDone(port, len(skipped), 0))
        runs = [self._run_app(app, port, group, ids) for app, group in plan.items() if app in self.checks]
        await asyncio.gather(*runs)

    async def _run_app(self, app: str, port: Port, group: list[Selected], ids: dict[int, int]) -> None:
        tools_scan = self.result.scan_ids[self.options.tools_scanner]
        names = " ".join(item.exploit.name for item in group)
        info = TaskInfo(app, names, str(port), self.options.tools_scanner, tools_scan)
        context = context_for(app, self.options, self.runner)
        outcomes = await self._tool(
            info, self._started(ids, group, run_check(self.checks[app], port, group, context))
        )
        exploits: dict[int, Exploit] = {item.exploit.id: item.exploit for item in group}
        results = [(exploits[outcome.exploit_id], outcome) for outcome in outcomes]
        await self.recorder.outcomes(tools_scan, port, ids, results)
        for exploit, outcome in results:
            self.result.count(outcome.status)
            self.result.report(port, exploit, outcome.findings)
        self.observer(ChecksDone(port, len(outcomes), sum(len(o.findings) for o in outcomes)))

    async def _started(self, ids: dict[int, int], group: list[Selected], work: Awaitable[T]) -> T:
        """Mark the group's security scans RUNNING once a slot is free, then run the check."""
        await self.recorder.running([ids[item.exploit.id] for item in group])
        return await work

    def _task(self, what: str, target: str, scanner: str | None) -> TaskInfo:
        scan_id = self.result.scan_ids.get(scanner) if scanner else None
        return TaskInfo("nmap", what, target, scanner, scan_id)

    async def _tool(self, info: TaskInfo, work: Awaitable[T]) -> T:
        """Run one tool step through the executor, announcing it to the observer."""
        label = str(info)

        async def announced() -> T:
            self.observer(ToolStarted(label))
            try:
                return await work
            finally:
                self.observer(ToolEnded(label))

        return await self.executor.run(info, announced())
