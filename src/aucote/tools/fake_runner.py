"""A Runner that starts nothing, for tests and dry runs: it records calls and answers from a function."""

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from aucote.tools.result import ToolResult

Reply = bytes | ToolResult
"""What a responder returns: the stdout of a successful run, or a whole result."""


@dataclass(frozen=True, slots=True)
class FakeCall:
    """One call made to a FakeRunner."""

    argv: tuple[str, ...]
    timeout: float
    stdin: bytes | None
    env: Mapping[str, str] | None


def fake_result(
    argv: Sequence[str],
    stdout: bytes = b"",
    *,
    returncode: int = 0,
    stderr: bytes = b"",
    timed_out: bool = False,
) -> ToolResult:
    """A ToolResult as if `argv` had just run and printed `stdout`."""
    now = time.time()
    return ToolResult(tuple(argv), returncode, stdout, stderr, now, now, timed_out)


def _empty(argv: tuple[str, ...]) -> Reply:
    return b""


@dataclass
class FakeRunner:
    """Answers each call with `respond(argv)`; a responder may also raise (e.g. ToolNotFound)."""

    respond: Callable[[tuple[str, ...]], Reply] = _empty
    calls: list[FakeCall] = field(default_factory=list)

    async def __call__(
        self,
        argv: Sequence[str],
        *,
        timeout: float,
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
    ) -> ToolResult:
        args = tuple(argv)
        self.calls.append(FakeCall(args, timeout, stdin, env))
        reply = self.respond(args)
        return reply if isinstance(reply, ToolResult) else fake_result(args, reply)
