"""An HTTP server that looks like Apache 2.2.19 and is "vulnerable" to CVE-2011-3192.

It answers any `Range: bytes=...` request, however many (or bogus) ranges it names, with
206 Partial Content: exactly what nmap's http-vuln-cve2011-3192 reports as VULNERABLE.
It never sends more than its small page. Run it in a thread (`make_server`) or as a process:

    python -m tests.support.range_server PORT [HOST]
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.threaded_server import serving_in_thread

SERVER_HEADER = "Apache/2.2.19 (Unix)"
PAGE = b"<html><head><title>Range test</title></head><body>" + b"x" * 400 + b"</body></html>\n"
BOUNDARY = "3d6b6a416f9b5"


def parse_ranges(header: str, size: int) -> list[tuple[int, int]]:
    """The satisfiable (first, last) byte ranges of a `bytes=` header; bogus ones are dropped."""
    spans = []
    for spec in header.removeprefix("bytes=").split(","):
        first, _, last = spec.strip().partition("-")
        if not first.isdigit():
            continue
        start, end = int(first), int(last) if last.isdigit() else size - 1
        if start <= end < size:
            spans.append((start, end))
    return spans


def multipart(spans: list[tuple[int, int]], size: int) -> bytes:
    """A multipart/byteranges body holding each span of PAGE."""
    parts = [
        f"--{BOUNDARY}\r\nContent-Type: text/html\r\nContent-Range: bytes {a}-{b}/{size}\r\n\r\n".encode()
        + PAGE[a : b + 1]
        + b"\r\n"
        for a, b in spans
    ]
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


class RangeHandler(BaseHTTPRequestHandler):
    """Serves PAGE at every path; honours every Range header with a 206."""

    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return SERVER_HEADER

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""

    def _answer(self, send_body: bool) -> None:
        status, headers, body = self._response(self.headers.get("Range", ""))
        self.send_response(status)
        for name, value in [*headers, ("Content-Length", str(len(body))), ("Accept-Ranges", "bytes")]:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _response(self, range_header: str) -> tuple[int, list[tuple[str, str]], bytes]:
        size = len(PAGE)
        if not range_header.startswith("bytes="):
            return 200, [("Content-Type", "text/html")], PAGE
        spans = parse_ranges(range_header, size) or [(0, 0)]
        if len(spans) == 1 and "," not in range_header:
            a, b = spans[0]
            content_range = ("Content-Range", f"bytes {a}-{b}/{size}")
            return 206, [("Content-Type", "text/html"), content_range], PAGE[a : b + 1]
        content_type = f"multipart/byteranges; boundary={BOUNDARY}"
        return 206, [("Content-Type", content_type)], multipart(spans, size)


def make_server(host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A bound (not yet serving) range server; port 0 picks a free one."""
    return ThreadingHTTPServer((host, port), RangeHandler)


@contextmanager
def range_server(host: str = "127.0.0.1", port: int = 0) -> Iterator[ThreadingHTTPServer]:
    """Serve in a background thread for the duration of the block; `.server_address[1]` is the port."""
    server = make_server(host, port)
    with serving_in_thread(server):
        yield server


def main(args: list[str]) -> None:
    """Serve on PORT [HOST] until killed."""
    make_server(args[1] if len(args) > 1 else "127.0.0.1", int(args[0])).serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
