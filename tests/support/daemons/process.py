"""Running a daemon's program for the length of a block (found by `programs.program`).

A test fails (not skips) when a program is not installed: `scripts/setup-system.sh test` installs
them all."""

import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from tests.support.ports import _stop, wait_for_port


@contextmanager
def running(argv: Sequence[str], ready: Callable[[], None]) -> Iterator["subprocess.Popen[bytes]"]:
    """Run `argv` in a process group of its own until the block ends (the group is killed and
    reaped, also when `ready` — which blocks until the daemon answers — raises)."""
    proc = subprocess.Popen(
        list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        ready()
        yield proc
    finally:
        _stop(proc)


def tcp_ready(address: str, port: int, timeout: float = 10.0) -> Callable[[], None]:
    """A `ready` that waits for a TCP connect to address:port."""
    return lambda: wait_for_port(address, port, timeout)
