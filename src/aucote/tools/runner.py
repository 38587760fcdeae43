"""Starting tool processes: the only place in Aucote that runs another program.

`run_tool` runs one command to completion or to its timeout, reading stdout and stderr as they
come (no pipe deadlock on big outputs). The child leads its own session, so on timeout, on
cancellation and after a normal exit the whole process tree is ended and reaped.
Callers take a `Runner` so tests and the engine can pass `FakeRunner` instead.
"""

import asyncio
import contextlib
import functools
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from aucote.allocator_relaunch import tool_environment
from aucote.tools.errors import ToolNotFound
from aucote.tools.process_group import GRACE_SECONDS, end_group
from aucote.tools.result import ToolResult

_CHUNK = 1 << 16


class Runner(Protocol):
    """Anything called like `run_tool`: the real runner or a fake."""

    async def __call__(
        self,
        argv: Sequence[str],
        *,
        timeout: float,
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
    ) -> ToolResult: ...


def find_tool(cmd: str) -> str | None:
    """Full path of `cmd` on PATH (or `cmd` itself if it is an executable path), else None."""
    return shutil.which(cmd)


async def run_tool(
    argv: Sequence[str],
    *,
    timeout: float,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    cpus: frozenset[int] | None = None,
) -> ToolResult:
    """Run `argv` (no shell) for at most `timeout` seconds and return what it printed.

    `env` replaces the environment when given (else the tool gets this process's, without the
    malloc setting `aucote service` starts itself with: aucote.allocator_relaunch); `cpus`, when
    given, are the only CPUs the tool may run on (see aucote.tools.cpus).
    Raises ToolNotFound when argv[0] cannot be run.
    On timeout the result has `timed_out=True` and the output printed so far.
    """
    args = _checked(argv, timeout)
    started = time.time()
    proc = await _start(args, stdin is not None, env, cpus)
    out, err = bytearray(), bytearray()
    tasks: list[asyncio.Future[Any]] = [
        asyncio.ensure_future(_drain(proc.stdout, out)),
        asyncio.ensure_future(_drain(proc.stderr, err)),
        asyncio.ensure_future(_feed(proc.stdin, stdin)),
        asyncio.ensure_future(proc.wait()),
    ]
    try:
        _, pending = await asyncio.wait(tasks, timeout=timeout)
    finally:
        returncode = await end_group(proc)
        await _finish(tasks)
    return ToolResult(args, returncode, bytes(out), bytes(err), started, time.time(), bool(pending))


def runner_on(cpus: frozenset[int] | None) -> Runner:
    """The real runner for tools allowed on `cpus` (None: on any CPU)."""
    return run_tool if cpus is None else functools.partial(run_tool, cpus=cpus)


def _checked(argv: Sequence[str], timeout: float) -> tuple[str, ...]:
    """argv as a tuple, refusing an empty command or a timeout that is not positive."""
    args = tuple(argv)
    if not args or not args[0]:
        raise ValueError("empty command")
    if not timeout > 0:
        raise ValueError(f"timeout must be positive, got {timeout!r}")
    return args


async def _start(
    args: tuple[str, ...], with_stdin: bool, env: Mapping[str, str] | None, cpus: frozenset[int] | None
) -> asyncio.subprocess.Process:
    """Spawn the process; if cancelled while asyncio is still wiring its pipes, end its group first.

    (Left to itself, asyncio would kill only the direct child and wait for every pipe to close.)
    """
    spawning = asyncio.ensure_future(_spawn(args, with_stdin, env, cpus))
    try:
        return await asyncio.shield(spawning)
    except asyncio.CancelledError:
        await asyncio.wait([spawning])
        if not spawning.cancelled() and spawning.exception() is None:
            await end_group(spawning.result())
        raise


TOOL_NICENESS = 10
"""Tools run at a lower CPU priority than Aucote itself, so that the API keeps answering promptly
while nmap and friends use every core (measured: bench/service_bench.py api-under-load)."""
AUTOGROUP = "/proc/{pid}/autogroup"
"""Where Linux's scheduler autogroup (sched_autogroup_enabled) is on, CPU time is shared between
sessions first and a process's nice value only counts inside its own session; a tool starts a
session of its own, so its session's nice value is the one that lowers its share."""
LOWEST_PRIORITY = 19


def _lower_priority(pid: int, cpus: frozenset[int] | None) -> None:
    """Just after tool `pid` started: lower its CPU priority, as a process and as a session, and
    keep it to `cpus` when given (never fails the start). Done from here rather than in the child
    before exec: a preexec function makes Python fork the whole interpreter instead of using
    vfork, which made every tool start about five times slower (bench/service_bench.py dispatch)."""
    niceness = min(os.getpriority(os.PRIO_PROCESS, 0) + TOOL_NICENESS, LOWEST_PRIORITY)
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, niceness)
    with contextlib.suppress(OSError), open(AUTOGROUP.format(pid=pid), "w") as autogroup:
        autogroup.write(str(TOOL_NICENESS))
    if cpus is not None:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(pid, cpus)


async def _spawn(
    args: tuple[str, ...], with_stdin: bool, env: Mapping[str, str] | None, cpus: frozenset[int] | None
) -> asyncio.subprocess.Process:
    """Start `args` as the leader of a new session with piped output, at a lower priority."""
    try:
        process = await asyncio.create_subprocess_exec(
            *args,
            stdin=asyncio.subprocess.PIPE if with_stdin else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=tool_environment(os.environ) if env is None else env,
            start_new_session=True,
        )
    except (FileNotFoundError, PermissionError, NotADirectoryError):
        raise ToolNotFound(args[0]) from None
    _lower_priority(process.pid, cpus)
    return process


async def _drain(stream: asyncio.StreamReader | None, sink: bytearray) -> None:
    """Append everything `stream` yields to `sink` until end of file."""
    if stream is None:
        return
    while chunk := await stream.read(_CHUNK):
        sink += chunk


async def _feed(stream: asyncio.StreamWriter | None, data: bytes | None) -> None:
    """Write `data` to the child's stdin and close it; a child that stops reading is not an error."""
    if stream is None:
        return
    try:
        stream.write(data or b"")
        await stream.drain()
        stream.close()
        await stream.wait_closed()
    except (BrokenPipeError, ConnectionResetError):
        pass


async def _finish(tasks: Sequence[asyncio.Future[Any]]) -> None:
    """Let the I/O tasks read what is left (pipes close once the group is gone), then stop them."""
    _, pending = await asyncio.wait(tasks, timeout=GRACE_SECONDS)
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
