"""A private RabbitMQ broker for the AMQP guest check: own node name, Mnesia and log folders,
config file, AMQP port and Erlang ports.

    with netns_lab(1) as lab:
        host = lab.hosts[0]
        with rabbitmq(lab.workdir / "broker", host.ip, 5672, guest_remote=True, wrap=host.argv) as broker:
            ...  # guest/guest accepted from any address

`guest_remote`: True sets `loopback_users = none` (guest may log in from anywhere); False keeps
RabbitMQ's default (guest only from loopback). `wrap` turns the command into one run elsewhere
(`LabHost.argv`: inside a network namespace, where epmd's port 4369 is free); on a shared host give
`epmd_port` and `dist_port` of their own instead. The broker runs as the current user (root in the
tests) straight from /usr/lib/rabbitmq/bin, not through Debian's wrapper, which resets the
environment. RabbitMQ takes about five seconds to start."""

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from tests.support.ports import wait_for_port

SERVER: Final = "/usr/lib/rabbitmq/bin/rabbitmq-server"
STARTED: Final = "Server startup complete"
"""The log line after every boot step (default user created, listeners up)."""
Wrap = Callable[[Sequence[str]], list[str]]


@dataclass(frozen=True, slots=True)
class RabbitMq:
    """A running broker: where its AMQP listener is and its log file."""

    address: str
    port: int
    log: Path


def _config(address: str, port: int, guest_remote: bool) -> str:
    host = f"[{address}]" if ":" in address else address
    lines = [f"listeners.tcp.default = {host}:{port}", "listeners.ssl = none"]
    return "\n".join([*lines, *(["loopback_users = none"] if guest_remote else [])]) + "\n"


def _environment(workdir: Path, port: int, epmd_port: int, dist_port: int) -> dict[str, str]:
    return {
        "HOME": str(workdir),
        "RABBITMQ_NODENAME": f"aucote{port}@localhost",
        "RABBITMQ_MNESIA_BASE": str(workdir / "mnesia"),
        "RABBITMQ_LOG_BASE": str(workdir / "log"),
        "RABBITMQ_LOGS": str(workdir / "rabbit.log"),
        "RABBITMQ_CONFIG_FILE": str(workdir / "rabbitmq.conf"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(workdir / "enabled_plugins"),
        "RABBITMQ_PID_FILE": str(workdir / "rabbit.pid"),
        "RABBITMQ_DIST_PORT": str(dist_port),
        "ERL_EPMD_PORT": str(epmd_port),
    }


def _prepare(workdir: Path, address: str, port: int, guest_remote: bool) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "rabbitmq.conf").write_text(_config(address, port, guest_remote))
    (workdir / "enabled_plugins").write_text("[].\n")


@contextmanager
def rabbitmq(
    workdir: Path,
    address: str,
    port: int,
    *,
    guest_remote: bool,
    wrap: Wrap = list,
    epmd_port: int = 4369,
    dist_port: int = 25672,
) -> Iterator[RabbitMq]:
    """A broker listening on address:port until the block ends; its whole process group and its
    epmd are stopped at the end, also on failure."""
    if not Path(SERVER).exists():
        raise RuntimeError("rabbitmq-server is not installed (scripts/setup-system.sh)")
    _prepare(workdir, address, port, guest_remote)
    environment = _environment(workdir, port, epmd_port, dist_port)
    argv = wrap(["env", *(f"{key}={value}" for key, value in environment.items()), SERVER])
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_for_port(address, port, timeout=60)
        broker = RabbitMq(address, port, workdir / "rabbit.log")
        wait_for_log(broker, STARTED)
        yield broker
    finally:
        _stop(proc, wrap, epmd_port)


def wait_for_log(broker: RabbitMq, text: str, timeout: float = 30.0) -> None:
    """Block until the broker's log holds `text` (it writes a little behind); TimeoutError after that."""
    deadline = time.monotonic() + timeout
    while not (broker.log.exists() and text in broker.log.read_text()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{text!r} not in {broker.log} within {timeout} s")
        time.sleep(0.05)


def _stop(proc: "subprocess.Popen[bytes]", wrap: Wrap, epmd_port: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    subprocess.run(wrap(["epmd", "-port", str(epmd_port), "-kill"]), capture_output=True, check=False)
