"""The test servers' shared part: serve a bound socketserver server in a background thread for
the duration of a block, then shut it down, close it and join the thread."""

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

Server = TypeVar("Server", bound=socketserver.BaseServer)


@contextmanager
def serving_in_thread(server: Server) -> Iterator[Server]:
    """Serve until the block ends; a server with a `closing` event (one that holds requests open)
    has it set first, to release them."""
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
