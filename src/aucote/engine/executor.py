"""One executor for all tool work: at most `parallel_tasks` tools at once, every task visible as
plain data while it waits and while it runs (the tasks API reads `snapshot`)."""

import asyncio
import itertools
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

from aucote.engine.log_context import in_task

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TaskInfo:
    """A unit of tool work described as data, so it could be handed to a worker elsewhere."""

    app: str
    what: str
    target: str
    scanner: str | None = None
    scan_id: int | None = None

    def __str__(self) -> str:
        scan = f" [{self.scanner} #{self.scan_id}]" if self.scanner else ""
        return f"{self.app} {self.what} on {self.target}{scan}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneLoad:
    """The jobs of one worker zone queued and running at one moment."""

    zone: str
    queued: int
    running: int


@dataclass(frozen=True, slots=True)
class ExecutorSnapshot:
    """Queued and running tasks at one moment."""

    queued: tuple[TaskInfo, ...]
    running: tuple[TaskInfo, ...]
    workers: int
    oldest_running: float | None = None
    """How long the longest-running task has run (seconds), None when none runs."""
    zones: tuple[ZoneLoad, ...] = ()
    """Per worker zone, every configured zone included (the queue executor); empty in-process."""


class Executor:
    """Limits concurrent tool work and shows what waits and what runs."""

    def __init__(self, parallel_tasks: int) -> None:
        self.parallel_tasks = parallel_tasks
        self._slots = asyncio.Semaphore(parallel_tasks)
        self._ids = itertools.count()
        self._queued: dict[int, TaskInfo] = {}
        self._running: dict[int, TaskInfo] = {}
        self._since: dict[int, float] = {}

    async def run(self, info: TaskInfo, work: Awaitable[T]) -> T:
        """Wait for a free slot, then run `work`; cancelling cancels (and kills) the work."""
        key = next(self._ids)
        self._queued[key] = info
        try:
            async with self._slots:
                del self._queued[key]
                self._running[key] = info
                self._since[key] = time.monotonic()
                with in_task(key, str(info)):
                    return await work
        finally:
            self._queued.pop(key, None)
            self._running.pop(key, None)
            self._since.pop(key, None)
            if asyncio.iscoroutine(work):
                work.close()

    def snapshot(self) -> ExecutorSnapshot:
        """What waits and what runs now."""
        oldest = time.monotonic() - min(self._since.values()) if self._since else None
        return ExecutorSnapshot(
            tuple(self._queued.values()), tuple(self._running.values()), self.parallel_tasks, oldest
        )
