"""One scan run: discovery → open ports → each port's service → its checks (and, once every port
of a node is known, the node-level checks), hosts in parallel, every step recorded as it happens.
Cancelling the run kills its tools and ends its scans as CANCELLED."""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check
from aucote.engine.changes import record_changes
from aucote.engine.check_flow import CheckFlow
from aucote.engine.executor import Executor, TaskInfo
from aucote.engine.log_context import RUN_SCANS
from aucote.engine.masscan_step import masscan_candidates
from aucote.engine.nmap_steps import NmapSteps, StepFailed
from aucote.engine.options import MasscanOptions, PortScanOptions, ScanOptions
from aucote.engine.progress import (
    HostDone,
    HostsFound,
    Observer,
    ToolEnded,
    ToolStarted,
    ignore,
)
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.model.protocol import Protocol
from aucote.model.status import ScanStatus
from aucote.model.target import IPAddress, Node, Port
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
        record_idle: bool = True,
    ) -> None:
        """`record_idle=False` (the service's scheduled runs): a run that finds nothing to scan
        (no host due, no port to check) records no scan at all; one that fails still does."""
        self.options, self.recorder, self.catalog, self.checks = options, recorder, catalog, checks
        self.runner, self.observer, self.clock = runner, observer, clock
        self.steps = NmapSteps(options, runner)
        self.executor = executor or Executor(options.parallel_tasks)
        self.skip_hosts = skip_hosts
        self.candidates: dict[IPAddress, list[int]] = {}
        self.resumed_from, self.record_idle = resumed_from, record_idle
        self.result = ScanResult()
        self._starting = asyncio.Lock()
        self._started = False
        self.flow = CheckFlow(
            options=options,
            recorder=recorder,
            catalog=catalog,
            checks=checks,
            runner=runner,
            observer=observer,
            result=self.result,
            tool=self._tool,
        )

    async def run(
        self, *, hosts: Sequence[IPAddress] | None = None, ports: Sequence[Port] | None = None
    ) -> ScanResult:
        """Scan once: discover hosts (or take `hosts`), find their ports and check them — or, given
        `ports` (a tools scanner's run), only check those ports. The result says how it ended."""
        RUN_SCANS.set(self.result.scan_ids)  # this run's task and the tasks it starts log its scans
        if self.record_idle:
            await self._scans()
        try:
            if ports is not None:
                await self._check_known(ports)
            else:
                await self._scan_hosts(hosts)
        except asyncio.CancelledError:
            await self._end_scans(ScanStatus.CANCELLED, "cancelled")
            raise
        except Exception as error:
            await self._scans()
            await self._end_scans(ScanStatus.FAILED, f"{type(error).__name__}: {error}")
            return self.result
        await self._end_scans(ScanStatus.DONE, "; ".join(self.result.problems) or None)
        return self.result

    async def _scans(self) -> list[int]:
        """The run's scan ids, its scans recorded (IN PROGRESS) the first time there is work."""
        async with self._starting:
            if not self._started:
                await self._start_scans()
                self._started = True
        return list(self.result.scan_ids.values())

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
        if self.result.scan_ids:
            await self.recorder.totals()
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

    def _known_by_node(self, ports: Sequence[Port]) -> dict[int, list[Port]]:
        """The ports found earlier within the targets, by node id; counted and announced."""
        by_node: dict[int, list[Port]] = {}
        for port in ports:
            if self.options.targets.contains(port.node.ip):
                by_node.setdefault(port.node.id, []).append(port)
        self.result.hosts, self.result.open_ports = len(by_node), sum(map(len, by_node.values()))
        self.observer(HostsFound(len(by_node)))
        return by_node

    async def _check_known(self, ports: Sequence[Port]) -> None:
        """A tools scanner's run: check ports found earlier, node by node."""
        by_node = self._known_by_node(ports)
        if not by_node:
            return
        scan_ids = await self._scans()
        async with asyncio.TaskGroup() as group:
            for node_ports in by_node.values():
                group.create_task(self._check_node(node_ports, scan_ids))

    async def _check_node(self, ports: list[Port], scan_ids: list[int]) -> None:
        node = ports[0].node
        await self.recorder.node(str(node.ip), scan_ids)
        await asyncio.gather(*(self.flow.port(port) for port in ports), self.flow.node(ports))
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
        """Ports, services and checks of one host: each port's checks start once its own service
        is known; the node-level checks once every port's service is."""
        scan_ids = await self._scans()
        node = Node(await self.recorder.node(str(ip), scan_ids), ip)
        found: list[Port] = []
        async with asyncio.TaskGroup() as checks:
            for scan in self.options.port_scans:
                try:
                    found += await self._ports(node, scan, checks)
                except StepFailed as error:
                    self.result.problems.append(f"{scan.scanner} scan of {ip}: {error}")
            if self.options.run_checks:
                checks.create_task(self.flow.node(found))
        await self.recorder.end_node(scan_ids, node.id)
        self.observer(HostDone(str(ip), len(found)))

    async def _ports(self, node: Node, scan: PortScanOptions, checks: asyncio.TaskGroup) -> list[Port]:
        """Open ports of the node with their services, recorded as they are found; each port's
        checks are started in `checks` as soon as its service is known."""
        scan = self._verifying(node.ip, scan)
        info = self._task(f"{scan.protocol.name} port scan", str(node.ip), scan.scanner)
        found = await self._tool(info, self.steps.open_ports(node.ip, scan))
        ports = [Port(node, port.number, port.protocol) for port in found]
        ids = await self.recorder.open_ports(self.result.scan_ids[scan.scanner], ports)
        self.result.open_ports += len(ports)
        detections = (self._port(port, scan, row, checks) for port, row in zip(ports, ids, strict=True))
        return list(await asyncio.gather(*detections))

    def _verifying(self, ip: IPAddress, scan: PortScanOptions) -> PortScanOptions:
        """With masscan, nmap scans only the ports masscan reported for the host: what is recorded
        is what nmap confirms."""
        if scan.protocol is not Protocol.TCP or ip not in self.candidates:
            return scan
        ports = ",".join(str(port) for port in self.candidates[ip])
        return replace(scan, ports=ports, exclude_ports=None)

    async def _port(self, port: Port, scan: PortScanOptions, row: int, checks: asyncio.TaskGroup) -> Port:
        """The port with its service (its own nmap -sV), its checks started."""
        info = self._task("service detection", str(port), None)
        try:
            service = await self._tool(info, self.steps.service(port, scan))
        except StepFailed as error:
            self.result.problems.append(f"service detection of {port}: {error}")
            service = None
        if service is not None:
            await self.recorder.services({row: service})
            port = replace(port, service=service)
        if self.options.run_checks:
            checks.create_task(self.flow.port(port))
        return port

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
