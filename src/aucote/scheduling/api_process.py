"""The service's side of its API process: the listening socket (bound here, so a port in use is
reported before anything starts), the child started with it, restarted if it dies, and stopped
with the service."""

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
    public_read: bool = False


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
        argv += ["--live", self._settings.live_socket, "--prefix", self._settings.prefix]
        argv += ["--log-level", self._settings.log_level]
        argv += ["--public-read"] if self._settings.public_read else []
        env = {**os.environ, "AUCOTE_DATABASE_URL": self._settings.database_url}
        self._proc = await asyncio.create_subprocess_exec(
            *argv, pass_fds=(fd,), env=env, start_new_session=True
        )
        log.info("API process %d started", self._proc.pid)

    async def supervise(self, stopping: asyncio.Event) -> None:
        """Restart the child whenever it exits while the service is not stopping."""
        while self._proc is not None:
            code = await self._proc.wait()
            if stopping.is_set():
                return
            log.error("API process exited with %d; restarting it", code)
            await asyncio.sleep(RESTART_DELAY)
            if stopping.is_set():
                return
            await self.start()

    async def stop(self) -> None:
        """SIGTERM (uvicorn finishes the requests in flight), SIGKILL after STOP_GRACE seconds."""
        proc = self._proc
        if proc is None or proc.returncode is not None:
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
