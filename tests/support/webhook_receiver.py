"""A webhook receiver for the tests: records every POST (headers, body, arrival time) and
answers 204, or the status it is told to answer."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.threaded_server import serving_in_thread


@dataclass
class Received:
    """What reached the receiver, in order."""

    posts: list[tuple[dict[str, str], bytes, float]] = field(default_factory=list)
    status: int = 204
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Server(ThreadingHTTPServer):
    received: Received


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.server.received.lock:
            self.server.received.posts.append((dict(self.headers.items()), body, time.time()))
        self.send_response(self.server.received.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@contextmanager
def webhook_receiver(received: Received, port: int = 0) -> Iterator[int]:
    """Receive on 127.0.0.1:`port` (0: a free one) for the block; yields the port."""
    server = _Server(("127.0.0.1", port), _Handler)
    server.received = received
    with serving_in_thread(server):
        yield server.server_address[1]
