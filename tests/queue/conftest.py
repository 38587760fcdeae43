"""A real PostgreSQL database with Aucote's and procrastinate's schemas, shared by the module,
and helpers to run workers inside the test's event loop."""

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import procrastinate
import pytest
from sqlalchemy import Engine

from aucote.catalog.loader import load_catalog
from aucote.config.settings import Settings
from aucote.config.workers import WorkersSettings
from aucote.engine.recorder import Recorder
from aucote.queue.app import ensure_schema, make_app
from aucote.queue.executor import QueueExecutor
from aucote.queue.worker import make_kit, run_worker
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.tools.result import ToolResult
from aucote.tools.runner import Runner, run_tool
from tests.support.postgres import fresh_database

FAST = {"heartbeat": "1s", "stalled_after": "3s", "drain_grace": "2s", "max_attempts": 3}


@pytest.fixture(scope="module")
def queue_url(postgres_server_url: str) -> Iterator[str]:
    with fresh_database(postgres_server_url) as url:
        engine = open_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="module")
def queue_engine(queue_url: str) -> Iterator[Engine]:
    engine = open_engine(queue_url)
    yield engine
    engine.dispose()


def queue_executor(
    app: procrastinate.App,
    engine: Engine,
    settings: WorkersSettings,
    *,
    parallel_tasks: int = 30,
) -> QueueExecutor:
    """The service's executor on the job queue, with the real catalogue and no checks."""
    recorder = Recorder(engine, time.time)
    return QueueExecutor(
        recorder, engine, load_catalog(), {}, time.time, app, settings, parallel_tasks=parallel_tasks
    )


def workers_settings(
    zones: Mapping[str, Sequence[str]] | None = None,
    limits: Mapping[str, Mapping[str, int]] | None = None,
    **extra: Any,
) -> WorkersSettings:
    """FAST settings with these zones (name: networks) and their limits (name: keys; `default`
    takes limits only)."""
    data: dict[str, Any] = {**FAST, **extra}
    data["zones"] = {name: {"networks": list(networks)} for name, networks in (zones or {}).items()}
    for name, keys in (limits or {}).items():
        data["zones"].setdefault(name, {}).update(keys)
    return WorkersSettings.model_validate(data)


@dataclass
class RecordingRunner:
    """The real runner, remembering every command it ran."""

    runner: Runner = run_tool
    commands: list[tuple[str, ...]] = field(default_factory=list)

    async def __call__(self, argv: Sequence[str], **kwargs: Any) -> ToolResult:
        self.commands.append(tuple(argv))
        return await self.runner(argv, **kwargs)

    def targets(self) -> set[str]:
        return {arg for command in self.commands for arg in command if arg.startswith("127.")}


@asynccontextmanager
async def opened(url: str, settings: WorkersSettings) -> AsyncIterator[procrastinate.App]:
    app = make_app(url, settings)
    async with app.open_async():
        await ensure_schema(app)
        yield app


@asynccontextmanager
async def workers(
    app: procrastinate.App,
    engine: Engine,
    settings: WorkersSettings,
    zones: Mapping[str, RecordingRunner],
    *,
    per_zone: int = 1,
    concurrency: int = 4,
) -> AsyncIterator[None]:
    """`per_zone` in-process workers per zone (`test-<zone>`, then `test-<zone>-1`, ...), each
    zone's with its recording runner; drained at the end."""
    full = Settings(workers=settings)
    catalog = load_catalog()
    tasks = []
    for zone, runner in zones.items():
        for index in range(per_zone):
            name = f"test-{zone}" + (f"-{index}" if index else "")
            kit = make_kit(full, engine, catalog, name=name, zone=zone, runner=runner)
            worker = run_worker(app, kit, settings, concurrency=concurrency, install_signal_handlers=False)
            tasks.append(asyncio.create_task(worker))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@contextmanager
def listening(hosts: Sequence[str], port: int = 0) -> Iterator[int]:
    """A TCP port (`port`, or a free one) listening on each of `hosts` (the same number); the
    connections are never accepted, so nmap's service detection waits out its probe."""
    sockets = []
    for host in hosts:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        port = sock.getsockname()[1]
        sock.listen(16)
        sockets.append(sock)
    try:
        yield port
    finally:
        for sock in sockets:
            sock.close()


def wait_until(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)
