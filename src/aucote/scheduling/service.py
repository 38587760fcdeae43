"""`aucote service`: one process that migrates the database, serves the API, and runs the
scanners on their schedules until it is told to stop (SIGTERM, SIGINT, POST /api/v1/kill).
SIGHUP reloads the configuration; runs in progress finish with the settings they started with."""

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.api.control import StartResult
from aucote.catalog.catalog import Catalog
from aucote.checks.registry import build_checks
from aucote.config.errors import ConfigError
from aucote.config.loader import LoadedSettings, load_settings
from aucote.config.settings import Settings
from aucote.engine.executor import Executor
from aucote.scheduling.resume import close_interrupted
from aucote.scheduling.runs import Runs
from aucote.scheduling.schedule import Schedule
from aucote.scheduling.spec import spec_of
from aucote.scheduling.views import ServiceScanners, ServiceTasks
from aucote.storage.queries.cves import StoredCveLookup
from aucote.storage.repository.exploits import sync_exploits
from aucote.tools.runner import Runner, run_tool

log = logging.getLogger("aucote.service")


class EmbeddedServer(uvicorn.Server):
    """uvicorn inside the service's loop: the service handles the signals, not uvicorn."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def make_schedule(settings: Settings, now: float) -> Schedule:
    """The schedule of every active scanner."""
    scanners = settings.portdetection.scanners
    names = settings.portdetection.active_scanners()
    return Schedule([spec_of(name, scanners[name]) for name in names], now)


class AucoteService:
    """The long-running service; `run()` returns when it has stopped."""

    def __init__(
        self,
        loaded: LoadedSettings,
        engine: Engine,
        catalog: Catalog,
        *,
        config_path: Path | None = None,
        clock: Callable[[], float] = time.time,
        runner: Runner = run_tool,
    ) -> None:
        self.loaded, self.engine, self.catalog, self.config_path = loaded, engine, catalog, config_path
        self.clock = clock
        self.settings = loaded.settings
        self.executor = Executor(self.settings.service.scans.parallel_tasks)
        self.runs = Runs(
            engine, catalog, build_checks(catalog, StoredCveLookup(engine)), self.executor, clock, runner
        )
        self.schedule = make_schedule(self.settings, clock())
        self.stopping = asyncio.Event()
        self.wake = asyncio.Event()

    async def run(self) -> None:
        """Serve and scan until stopped, then stop every run and the API gracefully."""
        with self.engine.begin() as connection:
            sync_exploits(connection, self.catalog.exploits)
        self._resume()
        server = self._api_server()
        api = asyncio.create_task(server.serve())
        self._install_signals()
        try:
            await self._loop()
        finally:
            await self.runs.stop_all()
            server.should_exit = True
            await api

    async def _loop(self) -> None:
        while not self.stopping.is_set():
            for name in self.schedule.due(self.clock()):
                self._start(name)
            delay = max(0.0, min(self.schedule.wake_time(self.clock()) - self.clock(), 1.0))
            self.wake.clear()
            waiters = [asyncio.ensure_future(self.stopping.wait()), asyncio.ensure_future(self.wake.wait())]
            await asyncio.wait(waiters, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()

    def _start(self, name: str) -> None:
        log.info("starting scanner %s", name)
        self.schedule.started(name)
        try:
            self.runs.start(name, self.settings, self._ended)
        except ValueError as error:  # settings that cannot make a run (e.g. masscan without adapter)
            log.error("scanner %s not started: %s", name, error)
            self.schedule.finished(name)

    def _ended(self, name: str) -> None:
        chained = self.schedule.finished(name)
        if chained:
            log.info("%s ended; run_after starts %s", name, ", ".join(chained))
        self.wake.set()

    def _resume(self) -> None:
        for scanner, left in close_interrupted(self.engine, self.clock()):
            log.warning("scan %d of %s was interrupted", left.scan_id, scanner)
            if not self.settings.service.scans.resume or scanner not in self.schedule.specs:
                continue
            if scanner in self.runs.current or not (left.hosts or left.ports):
                continue
            self.schedule.started(scanner)
            self.runs.start(scanner, self.settings, self._ended, resume=left)

    def _api_server(self) -> uvicorn.Server:
        api = self.settings.service.api
        app = create_app(
            self.engine,
            path_prefix=api.path,
            scanners=ServiceScanners(self.engine, lambda: self.schedule, self.runs),
            tasks=ServiceTasks(self.executor),
            control=self,
            password_hash=lambda: self.settings.service.api.password,
        )
        config = uvicorn.Config(app, host=api.v1.host, port=api.v1.port, log_level="error", lifespan="off")
        return EmbeddedServer(config)

    def _install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, self.shutdown)
        loop.add_signal_handler(signal.SIGINT, self.shutdown)
        loop.add_signal_handler(signal.SIGHUP, self.reload)

    def reload(self) -> None:
        """Read the configuration again; a bad file is reported and the old settings stay."""
        try:
            loaded = load_settings(self.config_path, database_url=self.loaded.database_url)
        except ConfigError as error:
            log.error("configuration not reloaded: %s", error)
            return
        self.loaded, self.settings = loaded, loaded.settings
        running = set(self.schedule.running)
        self.schedule = make_schedule(self.settings, self.clock())
        self.schedule.running = running & set(self.schedule.specs)
        log.info("configuration reloaded")

    # Controller (the API's control endpoints)

    def knows(self, name: str) -> bool:
        return name in self.schedule.specs

    def start(self, name: str) -> StartResult:
        if name not in self.schedule.specs:
            return "unknown"
        if not self.schedule.specs[name].enabled:
            return "disabled"
        if name in self.runs.current:
            return "running"
        self.schedule.request(name)
        self.wake.set()
        return "started"

    def stop(self, name: str) -> bool:
        return self.runs.stop(name)

    def shutdown(self) -> None:
        log.info("stopping")
        self.stopping.set()
