"""`aucote service`: the scanning process, which runs the scanners on their schedules until it is
told to stop (SIGTERM, SIGINT, POST /api/v1/kill), and the API process it starts and supervises
(`aucote.scheduling.api_process`), which serves the API and reaches back here over a local socket
for live state and control (`aucote.scheduling.live_server`). SIGHUP reloads the configuration;
runs in progress finish with the settings they started with."""

import asyncio
import contextlib
import logging
import signal
import socket
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from aucote.catalog.catalog import Catalog
from aucote.checks.registry import build_checks
from aucote.config.errors import ConfigError
from aucote.config.loader import LoadedSettings, load_settings
from aucote.config.settings import Settings
from aucote.engine.recorder import Recorder
from aucote.engine.scan_executor import InProcessExecutor, ScanExecutor
from aucote.live.control import StartResult
from aucote.live.health import ServiceHealth
from aucote.live.views import ScannerView, TasksView
from aucote.metrics.service import ServiceMetrics
from aucote.model.zones import DEFAULT_ZONE
from aucote.notify.deliverer import Deliverer
from aucote.queue.app import ensure_schema, make_app
from aucote.queue.executor import QueueExecutor
from aucote.queue.worker import default_name, make_kit, run_worker
from aucote.scheduling.api_process import ApiProcess, ApiProcessSettings
from aucote.scheduling.live_server import live_app
from aucote.scheduling.resume import close_interrupted
from aucote.scheduling.retention import Pruner
from aucote.scheduling.runs import Runs
from aucote.scheduling.schedule import Schedule
from aucote.scheduling.spec import spec_of
from aucote.scheduling.stale_refresh import StaleRefresher
from aucote.scheduling.views import live_scanners, service_health, tasks_view
from aucote.storage.queries.cves import StoredCveLookup
from aucote.storage.repository.exploits import sync_exploits
from aucote.tools.cpus import tool_cpus
from aucote.tools.runner import Runner, runner_on

log = logging.getLogger("aucote.service")


class EmbeddedServer(uvicorn.Server):
    """uvicorn inside the service's loop (the live socket): the service handles the signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _started(server: uvicorn.Server, serving: "asyncio.Task[None]") -> None:
    """Wait until `server` listens (so the API process never asks an absent socket)."""
    while not server.started:
        if serving.done():
            serving.result()  # its error, if it failed
            raise RuntimeError("the live server stopped before it started")
        await asyncio.sleep(0.01)


def uses_queue(settings: Settings, engine: Engine) -> bool:
    """Whether scan work goes to workers through the job queue (`workers.queue`)."""
    wanted = settings.workers.queue
    if wanted == "auto":
        return engine.dialect.name == "postgresql"
    if wanted == "procrastinate" and engine.dialect.name != "postgresql":
        raise ValueError("workers.queue: procrastinate needs a PostgreSQL database")
    return wanted == "procrastinate"


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
        runner: Runner | None = None,
        log_format: str = "text",
    ) -> None:
        """`runner` defaults to the real one, keeping tools off `service.scans.reserved_cpus`;
        the API process logs in `log_format` too."""
        self.log_format = log_format
        self.loaded, self.engine, self.catalog, self.config_path = loaded, engine, catalog, config_path
        self.clock = clock
        self.settings = loaded.settings
        if runner is None:
            runner = runner_on(tool_cpus(self.settings.service.scans.reserved_cpus))
        self.runner = runner
        self.service_metrics = ServiceMetrics(lambda: self.executor.snapshot())
        recorder = Recorder(engine, clock, self.service_metrics.work)
        checks = build_checks(catalog, StoredCveLookup(engine))
        self.queue: QueueExecutor | None = None
        self.executor: ScanExecutor
        if uses_queue(self.settings, engine):
            app = make_app(engine.url.render_as_string(hide_password=False), self.settings.workers)
            self.executor = self.queue = QueueExecutor(
                recorder,
                engine,
                catalog,
                checks,
                clock,
                app,
                self.settings.workers,
                parallel_tasks=self.settings.service.scans.parallel_tasks,
            )
        else:
            parallel = self.settings.service.scans.parallel_tasks
            self.executor = InProcessExecutor(recorder, catalog, checks, runner, clock, parallel)
        self.runs = Runs(engine, recorder, self.executor, clock)
        self.schedule = make_schedule(self.settings, clock())
        notifications = self.settings.notifications
        self.deliverer = Deliverer(
            engine, notifications.channels, notifications.retry, clock, poll=notifications.poll
        )
        self.runs.recorder.on_notices = self.deliverer.wake
        self.pruner = Pruner(engine, self.settings.retention, clock, self.service_metrics.pruned.pruned)
        self.stale = StaleRefresher(
            engine, self.service_metrics.stale, lambda: self.settings.portdetection, clock
        )
        self.stopping = asyncio.Event()
        self.wake = asyncio.Event()
        self.api_process: ApiProcess | None = None
        self._replacing: set[asyncio.Task[None]] = set()

    async def run(self, listener: socket.socket) -> None:
        """Scan until stopped, with the API in its own process serving `listener` (see
        `api_process.listen`); then stop every run gracefully (the API keeps answering
        meanwhile), the API process last."""
        with self.engine.begin() as connection:
            sync_exploits(connection, self.catalog.exploits)
        if self.queue is None:
            await self._serve(listener)
            return
        async with self.queue.app.open_async():
            await ensure_schema(self.queue.app)
            await self.queue.abandon_open_jobs()
            async with self._queue_helpers(self.queue):
                await self._serve(listener)

    @contextlib.asynccontextmanager
    async def _queue_helpers(self, queue: QueueExecutor) -> AsyncIterator[None]:
        """The recovery of lost workers' jobs and, with `workers.local_worker`, a worker for the
        `default` zone in this process (it drains when the service stops)."""
        tasks = [asyncio.create_task(queue.maintain())]
        if self.settings.workers.local_worker:
            kit = make_kit(
                self.settings, self.engine, self.catalog, name=default_name(DEFAULT_ZONE), zone=DEFAULT_ZONE
            )
            worker = run_worker(
                queue.app,
                kit,
                self.settings.workers,
                concurrency=self.settings.service.scans.parallel_tasks,
                install_signal_handlers=False,
            )
            tasks.append(asyncio.create_task(worker))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _serve(self, listener: socket.socket) -> None:
        self.service_metrics.load(self.engine)
        self._resume()
        with listener, tempfile.TemporaryDirectory(prefix="aucote-live-") as folder:
            live_socket = str(Path(folder) / "live.sock")
            live = EmbeddedServer(
                uvicorn.Config(live_app(self), uds=live_socket, log_level="error", lifespan="off")
            )
            serving = asyncio.create_task(live.serve())
            await _started(live, serving)
            api_process = self.api_process = ApiProcess(listener, self._api_settings(live_socket))
            await api_process.start()
            supervising = asyncio.create_task(api_process.supervise(self.stopping))
            delivering = asyncio.create_task(self.deliverer.run(self.stopping))
            pruning = asyncio.create_task(self.pruner.run(self.stopping))
            recounting = asyncio.create_task(self.stale.run(self.stopping))
            self._install_signals()
            try:
                await self._loop()
            finally:
                self.stopping.set()
                await self.runs.stop_all()
                await delivering
                await pruning
                await recounting
                await asyncio.gather(*self._replacing)  # a replacement under way ends first
                await api_process.stop()
                await supervising
                live.should_exit = True
                await serving

    def _api_settings(self, live_socket: str) -> ApiProcessSettings:
        api = self.settings.service.api
        return ApiProcessSettings(
            database_url=self.engine.url.render_as_string(hide_password=False),
            prefix=api.path,
            live_socket=live_socket,
            log_level=self.settings.logging.level,
            log_format=self.log_format,
            tls_cert=api.tls.cert,
            tls_key=api.tls.key,
            trusted_proxies=tuple(str(network) for network in api.trusted_proxies),
            sessions=api.sessions.model_dump_json(),
            login=api.login.model_dump_json(),
            public_read=api.public_read,
            public_metrics=self.settings.service.metrics.public,
        )

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
        self.deliverer.channels = self.settings.notifications.channels
        self.pruner.settings = self.settings.retention
        running = set(self.schedule.running)
        self.schedule = make_schedule(self.settings, self.clock())
        self.schedule.running = running & set(self.schedule.specs)
        log.info("configuration reloaded")
        self._renew_api_process()

    def _renew_api_process(self) -> None:
        """A new API process when its path, certificate, trusted proxies or public_read changed, and
        always with HTTPS: a renewed certificate may sit at the same paths."""
        current = self.api_process
        if current is None or self.stopping.is_set():
            return
        wanted = self._api_settings(current.settings.live_socket)
        if wanted == current.settings and wanted.tls_cert is None:
            return
        task = asyncio.get_running_loop().create_task(current.replace(wanted))
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    # LiveService (what the API process asks over the live socket)

    def scanner_views(self) -> list[ScannerView]:
        return live_scanners(self.schedule, self.runs)

    def task_view(self) -> TasksView:
        return tasks_view(self.executor)

    def password_hash(self) -> str | None:
        return self.settings.service.api.password

    def metrics(self) -> bytes:
        return self.service_metrics.exposition()

    def health(self) -> ServiceHealth:
        stuck_after = self.settings.service.health.stuck_after
        return service_health(self.runs, stuck_after, self.settings.cve.max_age, self.clock())

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
