"""Serving a bound socketserver in a background thread for the duration of a block."""

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

Server = TypeVar("Server", bound=socketserver.BaseServer)


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    """Serve until the block ends, then shut down and close the server."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        closing = getattr(server, "closing", None)
        if isinstance(closing, threading.Event):
            closing.set()
        server.shutdown()
        server.server_close()
        thread.join()
