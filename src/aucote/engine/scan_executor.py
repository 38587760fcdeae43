"""Where the tool work of the service's scan runs happens: the one interface, two
implementations — in this process (`InProcessExecutor`: a single box, SQLite or PostgreSQL, as
always) and on workers in network zones through the procrastinate job queue
(`aucote.queue.executor.QueueExecutor`)."""

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check
from aucote.engine.executor import Executor, ExecutorSnapshot
from aucote.engine.options import ScanOptions
from aucote.engine.pipeline import ScanPipeline
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.model.target import IPAddress, Port
from aucote.tools.runner import Runner


class ScanRun(Protocol):
    """One run of a scanner, ready to start."""

    async def run(
        self, *, hosts: Sequence[IPAddress] | None = None, ports: Sequence[Port] | None = None
    ) -> ScanResult:
        """Scan `hosts` (None: the targets) or check `ports`; how it ended."""
        ...


class ScanExecutor(Protocol):
    """Makes scan runs and shows their tool work."""

    def scan(self, options: ScanOptions, *, skip_hosts: frozenset[str], resumed_from: int | None) -> ScanRun:
        """A run with these options (recording nothing when it finds nothing to do)."""
        ...

    def snapshot(self) -> ExecutorSnapshot:
        """The tool work this process waits for and runs now."""
        ...


class InProcessExecutor:
    """Every tool runs in this process, at most `parallel_tasks` at once over all runs."""

    def __init__(
        self,
        recorder: Recorder,
        catalog: Catalog,
        checks: Mapping[str, Check],
        runner: Runner,
        clock: Callable[[], float],
        parallel_tasks: int,
    ) -> None:
        self.recorder, self.catalog, self.checks, self.runner, self.clock = (
            recorder,
            catalog,
            checks,
            runner,
            clock,
        )
        self.executor = Executor(parallel_tasks)

    def scan(self, options: ScanOptions, *, skip_hosts: frozenset[str], resumed_from: int | None) -> ScanRun:
        return ScanPipeline(
            options,
            self.recorder,
            self.catalog,
            self.checks,
            runner=self.runner,
            clock=self.clock,
            executor=self.executor,
            skip_hosts=skip_hosts,
            resumed_from=resumed_from,
            record_idle=False,
        )

    def snapshot(self) -> ExecutorSnapshot:
        return self.executor.snapshot()
