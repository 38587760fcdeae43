"""A TCP server that greets every client with a fixed banner and answers each line with a reply.

Enough for nmap -sV to recognise a service from its greeting (SSH, FTP, SMTP …). Run it in a
thread (`banner_server`) or as a process:

    python -m tests.support.banner_server PORT HOST BANNER [REPLY]

BANNER and REPLY are sent followed by CRLF.
"""

import socketserver
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.threaded_server import serving_in_thread


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    banner = b""
    reply = b""


class _Handler(socketserver.StreamRequestHandler):
    server: _Server
    timeout = 10

    def handle(self) -> None:
        self.wfile.write(self.server.banner + b"\r\n")
        for _ in iter(self.rfile.readline, b""):
            if not self.server.reply:
                return
            self.wfile.write(self.server.reply + b"\r\n")


def make_server(host: str, port: int, banner: str, reply: str = "") -> socketserver.ThreadingTCPServer:
    """A bound (not yet serving) banner server; port 0 picks a free one."""
    server = _Server((host, port), _Handler)
    server.banner, server.reply = banner.encode(), reply.encode()
    return server


@contextmanager
def banner_server(
    banner: str, reply: str = "", host: str = "127.0.0.1", port: int = 0
) -> Iterator[socketserver.ThreadingTCPServer]:
    """Serve in a background thread for the duration of the block; `.server_address[1]` is the port."""
    server = make_server(host, port, banner, reply)
    with serving_in_thread(server):
        yield server


def main(args: list[str]) -> None:
    """Serve PORT HOST BANNER [REPLY] until killed."""
    make_server(args[1], int(args[0]), args[2], args[3] if len(args) > 3 else "").serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
