"""Starting and stopping runs of scanners: each run, made by the service's scan executor (in this
process, sharing one tool limit of `parallel_tasks`; or on workers through the job queue), runs in
its own asyncio task. A run with nothing to do (a LIVE tick with no host due, a tools run with no
new port) records no scan."""

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from ipaddress import ip_address

from sqlalchemy import Connection, Engine

from aucote.config.scanners import PORT_SCANNERS
from aucote.config.settings import Settings
from aucote.engine.from_settings import notice_rules
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.engine.scan_executor import ScanExecutor, ScanRun
from aucote.model.protocol import Protocol
from aucote.model.target import IPAddress, Node, Port
from aucote.scheduling.scanner_options import port_scanner_options, tools_scanner_options
from aucote.storage.repository import history

log = logging.getLogger("aucote.service")


@dataclass(slots=True)
class CurrentRun:
    """A run in progress."""

    name: str
    task: "asyncio.Task[ScanResult]"
    pipeline: ScanRun
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
        self, engine: Engine, recorder: Recorder, executor: ScanExecutor, clock: Callable[[], float]
    ) -> None:
        self.engine, self.recorder, self.executor, self.clock = engine, recorder, executor, clock
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

    def _pipeline(self, name: str, settings: Settings, resume: Resume | None) -> ScanRun:
        ports_kind = name in PORT_SCANNERS
        options = (
            port_scanner_options(settings, name) if ports_kind else tools_scanner_options(settings, name)
        )
        return self.executor.scan(
            options,
            skip_hosts=self._recent(name, settings) if ports_kind and not resume else frozenset(),
            resumed_from=resume.scan_id if resume else None,
        )

    def _recent(self, name: str, settings: Settings) -> frozenset[str]:
        scanner = settings.portdetection.scanners[name]
        if scanner.scan_type != "LIVE":
            return frozenset()
        since = self.clock() - scanner.live_scan.min_time_gap
        with self.engine.connect() as connection:
            return history.recent_hosts(connection, name, since)

    async def _run(
        self, name: str, settings: Settings, pipeline: ScanRun, resume: Resume | None
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
