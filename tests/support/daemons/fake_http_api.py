"""A wire-level fake of a product's HTTP API, replaying the responses of a fixture file in
tests/fixtures/fake_apis/. These are FAKES built from the products' documented responses (no
Docker, Kubernetes, Elasticsearch or CouchDB daemon can run on the test machines), not recordings.

Each response is written byte by byte as the fixture lists it: the status line in the request's
HTTP version, the headers in the fixture's order (`null` values: `Date` is now, `Content-Length`
the body's length), then the body (JSON compact, pretty or Jackson-pretty, or text)."""

import json
import ssl
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from tests.support.threaded_server import serving_in_thread

FIXTURES: Final = Path(__file__).parents[2] / "fixtures" / "fake_apis"
Mode = Literal["open", "protected"]


def load_fixture(product: str) -> dict[str, Any]:
    """The fixture of `product` (its file name without .json)."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{product}.json").read_text())
    return data


def response_for(fixture: Mapping[str, Any], mode: Mode, method: str, path: str) -> Mapping[str, Any]:
    """The fixture's response to `method path` in `mode` (then `common`, then `default`)."""
    key = f"{method} {urlsplit(path).path}"
    for table in (fixture.get(mode, {}), fixture.get("common", {})):
        if key in table:
            found: Mapping[str, Any] = table[key]
            return found
    default: Mapping[str, Any] = fixture["default"]
    return default


def body_bytes(response: Mapping[str, Any]) -> bytes:
    """The body a response entry describes."""
    if "text" in response:
        return str(response["text"]).encode()
    if "json" not in response:
        return b""
    style = response.get("style", "compact")
    if style == "pretty":
        return (json.dumps(response["json"], indent=2) + "\n").encode()
    if style == "jackson":
        return json.dumps(response["json"], indent=2, separators=(",", " : ")).encode()
    return (json.dumps(response["json"], separators=(",", ":")) + "\n").encode()


def head_bytes(version: str, response: Mapping[str, Any], length: int) -> bytes:
    """Status line and headers, in the fixture's order."""
    lines = [f"{version} {response['status']} {response['reason']}"]
    for name, value in response.get("headers", []):
        if value is None:
            value = formatdate(usegmt=True) if name.lower() == "date" else str(length)
        lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class FakeApiServer(ThreadingHTTPServer):
    """Serves one product's fixture in one mode."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], fixture: Mapping[str, Any], mode: Mode) -> None:
        super().__init__(address, _Handler)
        self.fixture, self.mode = fixture, mode
        self.requests: list[str] = []
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: FakeApiServer
    protocol_version = "HTTP/1.1"
    """Keep HTTP/1.1 connections alive as the real servers do (every response has a length)."""

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ssl.SSLError, ConnectionError):
            self.close_connection = True

    def _reply(self) -> None:
        with self.server.lock:
            self.server.requests.append(f"{self.command} {self.path}")
        response = response_for(self.server.fixture, self.server.mode, self.command, self.path)
        body = body_bytes(response)
        version = self.request_version if self.request_version.startswith("HTTP/") else "HTTP/1.0"
        self.wfile.write(head_bytes(version, response, len(body)) + (b"" if self.command == "HEAD" else body))

    do_GET = do_HEAD = do_OPTIONS = do_POST = _reply

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@contextmanager
def fake_api(
    product: str, address: str, port: int = 0, mode: Mode = "open", tls: ssl.SSLContext | None = None
) -> Iterator[FakeApiServer]:
    """The fake of `product` on address:port (0: any free port) for the duration of the block, over
    TLS when a server context is given (the handshake runs in the connection's thread)."""
    server = FakeApiServer((address, port), load_fixture(product), mode)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    with serving_in_thread(server):
        yield server
