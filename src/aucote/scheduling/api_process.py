"""The service's side of its API process: the listening socket (bound here, so a port in use is
reported before anything starts), the child started with it, restarted if it dies, replaced when
its settings change (a new certificate after SIGHUP), and stopped with the service."""

import asyncio
import contextlib
import errno
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass

log = logging.getLogger("aucote.service.api")

STOP_GRACE = 10.0
RESTART_DELAY = 1.0
BIND_PATIENCE = 15.0
"""After a kill -9, the old API process may hold the port for a moment (it is ending on SIGTERM)."""


def listen(host: str, port: int, patience: float | None = None) -> socket.socket:
    """A listening TCP socket on host:port; an address in use is retried for `patience` seconds
    (BIND_PATIENCE by default)."""
    patience = BIND_PATIENCE if patience is None else patience
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    deadline = time.monotonic() + patience
    warned = False
    while True:
        try:
            listener = socket.create_server((host, port), family=family, backlog=2048)
        except OSError as error:
            if error.errno != errno.EADDRINUSE or time.monotonic() >= deadline:
                raise
            if not warned:
                log.warning("%s:%d is in use; trying again for up to %g s", host, port, patience)
                warned = True
            time.sleep(0.2)
            continue
        listener.set_inheritable(True)
        return listener


@dataclass(frozen=True, slots=True)
class ApiProcessSettings:
    """What the API process is started with."""

    database_url: str
    prefix: str
    live_socket: str
    log_level: str
    tls_cert: str | None = None
    tls_key: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    sessions: str = "{}"
    """service.api.sessions as JSON."""
    login: str = "{}"
    """service.api.login as JSON."""
    public_read: bool = False
    public_metrics: bool = False
    log_format: str = "text"

    def argv(self) -> list[str]:
        """The API process's options for these settings (all but --fd and --parent)."""
        argv = ["--live", self.live_socket, "--prefix", self.prefix, "--log-level", self.log_level]
        argv += ["--log-format", self.log_format]
        if self.tls_cert is not None and self.tls_key is not None:
            argv += ["--tls-cert", self.tls_cert, "--tls-key", self.tls_key]
        for network in self.trusted_proxies:
            argv += ["--trusted-proxy", network]
        login = ["--sessions", self.sessions, "--login", self.login]
        flags = [
            *(["--public-read"] if self.public_read else []),
            *(["--public-metrics"] if self.public_metrics else []),
        ]
        return [*argv, *login, *flags]


class ApiProcess:
    """The API child process."""

    def __init__(self, listener: socket.socket, settings: ApiProcessSettings) -> None:
        self._listener, self._settings = listener, settings
        self._proc: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int | None:
        """The child's pid while it runs."""
        return self._proc.pid if self._proc and self._proc.returncode is None else None

    async def start(self) -> None:
        """Start the child (its own session: a terminal's Ctrl-C reaches the service only)."""
        fd = self._listener.fileno()
        argv = [sys.executable, "-m", "aucote.api.process", "--fd", str(fd), "--parent", str(os.getpid())]
        argv += self._settings.argv()
        env = {**os.environ, "AUCOTE_DATABASE_URL": self._settings.database_url}
        self._proc = await asyncio.create_subprocess_exec(
            *argv, pass_fds=(fd,), env=env, start_new_session=True
        )
        log.info("API process %d started", self._proc.pid)

    @property
    def settings(self) -> ApiProcessSettings:
        """What the current child was started with."""
        return self._settings

    async def replace(self, settings: ApiProcessSettings) -> None:
        """A new child with `settings`, then the old one stopped gracefully (it finishes the
        requests in flight). The listening socket stays open throughout: new connections wait in
        its backlog for the new child instead of being refused."""
        old, self._settings = self._proc, settings
        await self.start()
        log.info("API process %d replaces %s", self.pid, old.pid if old else "none")
        if old is not None:
            await _stop(old)

    async def supervise(self, stopping: asyncio.Event) -> None:
        """Restart the child whenever it exits while the service is not stopping (a child that
        `replace` ended is not restarted)."""
        while self._proc is not None:
            proc = self._proc
            code = await proc.wait()
            if stopping.is_set():
                return
            if proc is not self._proc:
                continue
            log.error("API process exited with %d; restarting it", code)
            await asyncio.sleep(RESTART_DELAY)
            if stopping.is_set():
                return
            await self.start()

    async def stop(self) -> None:
        """SIGTERM (uvicorn finishes the requests in flight), SIGKILL after STOP_GRACE seconds."""
        if self._proc is not None:
            await _stop(self._proc)


async def _stop(proc: asyncio.subprocess.Process) -> None:
    """SIGTERM, then SIGKILL after STOP_GRACE seconds; returns once it has exited."""
    if proc.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), STOP_GRACE)
    except TimeoutError:
        log.error("API process %d did not stop in %g s; killing it", proc.pid, STOP_GRACE)
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()
