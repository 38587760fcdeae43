"""Free loopback ports and a context manager running a server process until its port answers."""

import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

RESERVED_PORTS = frozenset({2024})
"""Ports of this machine that tests must never bind or scan."""


PORT_RANGE = "AUCOTE_TEST_PORTS"
"""`FIRST-LAST`: take free ports from this range only (several test runs on one machine, each its
own range); unset: the kernel's ephemeral ports."""


def free_port(host: str = "127.0.0.1", kind: socket.SocketKind = socket.SOCK_STREAM) -> int:
    """A port nothing listens on right now (never a reserved one; within AUCOTE_TEST_PORTS if set)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    candidates = _port_range()
    while True:
        with socket.socket(family, kind) as sock:
            try:
                sock.bind((host, random.choice(candidates) if candidates else 0))
            except OSError:
                continue
            port: int = sock.getsockname()[1]
        if port not in RESERVED_PORTS:
            return port


def _port_range() -> list[int]:
    given = os.environ.get(PORT_RANGE, "")
    if not given:
        return []
    first, _, last = given.partition("-")
    try:
        return list(range(int(first), int(last) + 1))
    except ValueError:
        raise ValueError(f"{PORT_RANGE}={given!r}: expected FIRST-LAST, e.g. 42000-42999") from None


def wait_for_port(host: str, port: int, timeout: float = 10.0) -> None:
    """Block until a TCP connect to host:port succeeds; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing answered on {host}:{port} within {timeout} s") from None
            time.sleep(0.05)


@contextmanager
def serving(
    argv: Sequence[str], port: int, host: str = "127.0.0.1", timeout: float = 10.0
) -> Iterator["subprocess.Popen[bytes]"]:
    """Run `argv` (a server that will listen on host:port) for the duration of the block.

    The server gets its own process group, which is killed and reaped on exit.
    """
    proc = subprocess.Popen(
        list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_for_port(host, port, timeout)
        yield proc
    finally:
        _stop(proc)


def _stop(proc: "subprocess.Popen[bytes]") -> None:
    """SIGTERM the server's group, SIGKILL it if it lingers, and reap it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=3)
            break
        except subprocess.TimeoutExpired:
            continue
    proc.wait()
