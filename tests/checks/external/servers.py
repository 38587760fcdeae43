"""Real servers with accounts for the hydra tests, on loopback: pyftpdlib FTP (no delay after a
failed login, so hydra's ~170 tries take seconds) and Redis with a password."""

import tempfile
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

with warnings.catch_warnings():  # pyftpdlib still imports asyncore and asynchat
    warnings.simplefilter("ignore", DeprecationWarning)
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler
    from pyftpdlib.servers import FTPServer

from tests.support.ports import free_port, serving


@contextmanager
def ftp_account_server(user: str, password: str, host: str = "127.0.0.1") -> Iterator[int]:
    """pyftpdlib with one account, served in a thread for the block; yields the port."""
    with tempfile.TemporaryDirectory() as home:
        authorizer = DummyAuthorizer()
        authorizer.add_user(user, password, home)
        handler = type("Handler", (_QuietHandler,), {"authorizer": authorizer})
        server = FTPServer((host, 0), handler)
        stop = threading.Event()
        thread = threading.Thread(target=_serve, args=(server, stop), daemon=True)
        thread.start()
        try:
            yield server.address[1]
        finally:
            stop.set()
            thread.join()


class _QuietHandler(FTPHandler):
    auth_failed_timeout = 0

    def log(self, msg: str, logfun: object = None) -> None:
        """No log lines (hydra makes hundreds of sessions)."""

    def logline(self, msg: str, logfun: object = None) -> None:
        """No log lines."""


def _serve(server: FTPServer, stop: threading.Event) -> None:
    while not stop.is_set():
        server.ioloop.loop(0.05, blocking=False)
    server.close_all()


@contextmanager
def redis_with_password(password: str) -> Iterator[int]:
    """redis-server on a free loopback port asking for `password` (no persistence); yields the port."""
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
        argv += ["no", "--requirepass", password, "--dir", directory]
        with serving(argv, port):
            yield port
