"""Starting and stopping runs of scanners: each run is a ScanPipeline in its own asyncio task,
sharing the service's executor (so all runs together use at most `parallel_tasks` tools). A run
with nothing to do (a LIVE tick with no host due, a tools run with no new port) records no scan."""

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from ipaddress import ip_address

from sqlalchemy import Connection, Engine

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check
from aucote.config.scanners import PORT_SCANNERS
from aucote.config.settings import Settings
from aucote.engine.executor import Executor
from aucote.engine.from_settings import notice_rules
from aucote.engine.meter import WorkMeter
from aucote.engine.pipeline import ScanPipeline
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.model.protocol import Protocol
from aucote.model.target import IPAddress, Node, Port
from aucote.scheduling.scanner_options import port_scanner_options, tools_scanner_options
from aucote.storage.repository import history
from aucote.tools.runner import Runner, run_tool

log = logging.getLogger("aucote.service")


@dataclass(slots=True)
class CurrentRun:
    """A run in progress."""

    name: str
    task: "asyncio.Task[ScanResult]"
    pipeline: ScanPipeline
    started: float


@dataclass(frozen=True, slots=True)
class Resume:
    """What an interrupted scan left to do: its hosts (port scanners) or its ports (tools)."""

    scan_id: int
    hosts: tuple[IPAddress, ...] = ()
    ports: tuple[Port, ...] = ()


class Runs:
    """The scanner runs of one service process."""

    def __init__(
        self,
        engine: Engine,
        catalog: Catalog,
        checks: Mapping[str, Check],
        executor: Executor,
        clock: Callable[[], float],
        runner: Runner = run_tool,
        meter: WorkMeter | None = None,
    ) -> None:
        """`meter` hears of the work its runs finish (metrics)."""
        self.engine, self.catalog, self.checks, self.executor = engine, catalog, checks, executor
        self.clock, self.runner = clock, runner
        self.recorder = Recorder(engine, clock, meter)
        self.current: dict[str, CurrentRun] = {}

    def start(
        self, name: str, settings: Settings, on_end: Callable[[str], None], resume: Resume | None = None
    ) -> CurrentRun:
        """Start a run of `name` now; `on_end(name)` is called when it ends, however it ends."""
        self.recorder.notice_rules = notice_rules(settings)
        pipeline = self._pipeline(name, settings, resume)
        task = asyncio.get_running_loop().create_task(self._run(name, settings, pipeline, resume))
        run = CurrentRun(name, task, pipeline, self.clock())
        self.current[name] = run
        task.add_done_callback(lambda _task: self._ended(name, on_end))
        return run

    def _ended(self, name: str, on_end: Callable[[str], None]) -> None:
        self.current.pop(name, None)
        on_end(name)

    def stop(self, name: str) -> bool:
        """Cancel the run of `name` (its tools are killed, its scan ends CANCELLED)."""
        run = self.current.get(name)
        if run is None:
            return False
        run.task.cancel()
        return True

    async def stop_all(self) -> None:
        """Cancel every run and wait until each has ended its scan."""
        tasks = [run.task for run in self.current.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _pipeline(self, name: str, settings: Settings, resume: Resume | None) -> ScanPipeline:
        ports_kind = name in PORT_SCANNERS
        options = (
            port_scanner_options(settings, name) if ports_kind else tools_scanner_options(settings, name)
        )
        return ScanPipeline(
            options,
            self.recorder,
            self.catalog,
            self.checks,
            runner=self.runner,
            clock=self.clock,
            executor=self.executor,
            skip_hosts=self._recent(name, settings) if ports_kind and not resume else frozenset(),
            resumed_from=resume.scan_id if resume else None,
            record_idle=False,
        )

    def _recent(self, name: str, settings: Settings) -> frozenset[str]:
        scanner = settings.portdetection.scanners[name]
        if scanner.scan_type != "LIVE":
            return frozenset()
        since = self.clock() - scanner.live_scan.min_time_gap
        with self.engine.connect() as connection:
            return history.recent_hosts(connection, name, since)

    async def _run(
        self, name: str, settings: Settings, pipeline: ScanPipeline, resume: Resume | None
    ) -> ScanResult:
        if name in PORT_SCANNERS:
            result = await pipeline.run(hosts=resume.hosts if resume else None)
        else:
            ports = resume.ports if resume else await self.recorder.run(lambda c: new_ports(c, name))
            result = await pipeline.run(ports=ports)
        await self.recorder.expire_untested(settings.portdetection.expiration_period)
        log.info("%s run ended: %s %s", name, result.status.value, result.reason or "")
        return result


def new_ports(connection: Connection, name: str) -> list[Port]:
    """Ports the port scanners found since the previous run of tools scanner `name`."""
    since = history.last_start(connection, name)
    stored = history.ports_since(connection, PORT_SCANNERS, since)
    return [stored_port(item) for item in stored]


def stored_port(item: history.StoredPort) -> Port:
    """A recorded port as a model Port."""
    return Port(Node(item.node_id, ip_address(item.ip)), item.port, Protocol(item.protocol), item.service)


def as_hosts(ips: Sequence[str]) -> tuple[IPAddress, ...]:
    """Addresses from their text."""
    return tuple(ip_address(ip) for ip in ips)
