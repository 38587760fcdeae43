"""An HTTP server that answers nmap's service detection but never answers a byte-range request.

nmap -sV (its probes and its `version` scripts) gets a plain `200 OK` from what looks like
Python's http.server, so the port is `http` within seconds; a request with a `Range` header (what
http-vuln-cve2011-3192 sends) is read and then left hanging with the connection open, so that
script waits until nmap (or Aucote) gives up. (A server that never answers anything would stall
-sV for minutes, and one that stalls every scripted request stalls -sV's version scripts.)
Run it in a thread (`stall_server`) or as a process:

    python -m tests.support.stall_server PORT [HOST]
"""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.threaded_server import serving_in_thread

PAGE = b"<html><head><title>stall</title></head><body>ok</body></html>\n"


class _Server(ThreadingHTTPServer):
    closing: threading.Event


class StallHandler(BaseHTTPRequestHandler):
    """200 with a small page, unless the request asks for byte ranges: then silence until shutdown."""

    server: _Server

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""

    def _answer(self, send_body: bool) -> None:
        if self.headers.get("Range"):
            self.server.closing.wait()
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        if send_body:
            self.wfile.write(PAGE)


def make_server(host: str = "127.0.0.1", port: int = 0) -> _Server:
    """A bound (not yet serving) stalling server; port 0 picks a free one."""
    server = _Server((host, port), StallHandler)
    server.closing = threading.Event()
    return server


@contextmanager
def stall_server(host: str = "127.0.0.1", port: int = 0) -> Iterator[_Server]:
    """Serve in a background thread for the block (hanging requests are released at the end)."""
    server = make_server(host, port)
    with serving_in_thread(server):
        yield server


def main(args: list[str]) -> None:
    """Serve on PORT [HOST] until killed."""
    make_server(args[1] if len(args) > 1 else "127.0.0.1", int(args[0])).serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
