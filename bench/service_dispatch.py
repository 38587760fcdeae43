"""Dispatch latency of the Executor: from a slot becoming free to the next task's tool starting.

`count` TaskInfo tasks are handed to one Executor(parallel) at once. Each records when it got its
slot ("acquired"), when its tool started and, just before it returns (and the executor releases
its slot), when it finished ("due" for the next waiting task). The k-th slot release lets the
(parallel + k)-th acquisition in, so pairing the sorted releases with the sorted acquisitions after
the first `parallel` gives, per task, due -> acquired -> tool started.

Two works: `tool` runs `/bin/true` through the real `run_tool`; "tool started" is taken twice,
as ToolResult.started (run_tool's entry, just before the spawn) and as the moment
asyncio.create_subprocess_exec returned (the child exists), by wrapping the runner's `_spawn`
for the bench. `noop` is an in-process coroutine: executor overhead without fork/exec.
"""

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aucote.tools.runner as runner_module
from aucote.engine.executor import Executor, TaskInfo
from aucote.tools.runner import run_tool

TRUE = "/bin/true"


@dataclass
class Marks:
    """Wall-clock moments (time.time()) recorded by the tasks of one run."""

    acquired: list[float] = field(default_factory=list)
    entered: list[float] = field(default_factory=list)
    spawned: list[float] = field(default_factory=list)
    released: list[float] = field(default_factory=list)
    failures: int = 0


@dataclass(frozen=True)
class DispatchResult:
    """One run: latencies in milliseconds (due -> acquired, due -> run_tool entry, due -> spawned)."""

    work: str
    parallel: int
    count: int
    seconds: float
    acquire_ms: list[float]
    enter_ms: list[float]
    spawn_ms: list[float]
    failures: int

    @property
    def rate(self) -> float:
        """Tasks per second over the whole run."""
        return self.count / self.seconds


_spawned: list[float] | None = None
_original_spawn = runner_module._spawn


async def _timed_spawn(*args: object) -> asyncio.subprocess.Process:
    proc = await _original_spawn(*args)  # type: ignore[arg-type]
    if _spawned is not None:
        _spawned.append(time.time())
    return proc


async def _tool_work(marks: Marks) -> None:
    marks.acquired.append(time.time())
    result = await run_tool([TRUE], timeout=30)
    marks.entered.append(result.started)
    if result.returncode != 0 or result.timed_out:
        marks.failures += 1
    marks.released.append(time.time())


async def _noop_work(marks: Marks) -> None:
    marks.acquired.append(time.time())
    await asyncio.sleep(0)
    marks.released.append(time.time())


def _latencies(starts: list[float], released: list[float], parallel: int) -> list[float]:
    """ms from the k-th release to the (parallel + k)-th start (both sorted)."""
    after = sorted(starts)[parallel:]
    return [(start - due) * 1000 for start, due in zip(after, sorted(released), strict=False)]


async def _run(work: Callable[[Marks], Awaitable[None]], parallel: int, count: int) -> tuple[Marks, float]:
    global _spawned
    marks = Marks()
    _spawned = marks.spawned
    executor = Executor(parallel)
    began = time.perf_counter()
    await asyncio.gather(
        *(executor.run(TaskInfo("bench", "dispatch", str(n)), work(marks)) for n in range(count))
    )
    _spawned = None
    return marks, time.perf_counter() - began


def dispatch(work: str, parallel: int, count: int) -> DispatchResult:
    """Run `count` tasks of `work` ('tool' or 'noop') through one Executor(parallel)."""
    runner_module._spawn = _timed_spawn  # type: ignore[assignment]
    try:
        marks, seconds = asyncio.run(_run(_tool_work if work == "tool" else _noop_work, parallel, count))
    finally:
        runner_module._spawn = _original_spawn
    return DispatchResult(
        work,
        parallel,
        count,
        seconds,
        _latencies(marks.acquired, marks.released, parallel),
        _latencies(marks.entered, marks.released, parallel) if marks.entered else [],
        _latencies(marks.spawned, marks.released, parallel) if marks.spawned else [],
        marks.failures,
    )


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of `values`, linear interpolation."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 10) - 1]


def print_dispatch(results: list[DispatchResult]) -> None:
    """The table of the dispatch runs."""
    print(
        f"\n{'work':<6} {'P':>3} {'tasks':>6} {'tasks/s':>8}  {'measure (ms after slot freed)':<40}"
        f" {'p50':>8} {'p99':>8} {'max':>8} {'min':>8}"
    )
    for result in results:
        rows = [("slot acquired (executor)", result.acquire_ms)]
        if result.enter_ms:
            rows += [("run_tool entered (ToolResult.started)", result.enter_ms)]
            rows += [("child spawned (create_subprocess_exec)", result.spawn_ms)]
        for name, values in rows:
            print(
                f"{result.work:<6} {result.parallel:>3} {result.count:>6} {result.rate:>8.0f}  {name:<40}"
                f" {percentile(values, 50):>8.3f} {percentile(values, 99):>8.3f}"
                f" {max(values):>8.3f} {min(values):>8.3f}"
            )
        if result.failures:
            print(f"  {result.failures} tool runs failed")
