"""A slow web service: an HTTP server on each given address that answers every request, but only
after `DELAY` seconds (a busy application server). nmap's service detection names it `http` after
its GetRequest probe, and every check that speaks HTTP to it waits on it: seconds of I/O, no CPU.

    python -m bench.slow_http PORT DELAY HOST [HOST ...]
"""

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = b"<html><head><title>slow</title></head><body>ok</body></html>\n"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    delay: float


class SlowHandler(BaseHTTPRequestHandler):
    """200 and a small page after the server's delay, whatever the method and path."""

    server: _Server
    server_version = "Apache/2.4.41"
    sys_version = ""
    timeout = 30

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_POST(self) -> None:
        self._answer(send_body=True)

    def do_OPTIONS(self) -> None:
        self._answer(send_body=False)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""

    def _answer(self, send_body: bool) -> None:
        time.sleep(self.server.delay)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        if send_body:
            self.wfile.write(PAGE)


def make_server(host: str, port: int, delay: float) -> _Server:
    """A bound (not yet serving) slow server."""
    server = _Server((host, port), SlowHandler)
    server.delay = delay
    return server


def serve(hosts: list[str], port: int, delay: float) -> None:
    """Serve on every host until killed (one thread per address, one per connection)."""
    servers = [make_server(host, port, delay) for host in hosts]
    threads = [threading.Thread(target=server.serve_forever, daemon=True) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    serve(sys.argv[3:], int(sys.argv[1]), float(sys.argv[2]))
