"""Small real HTTP servers on loopback for the web checks, each run in a thread for a `with` block:

* `reply_server`: chosen status and headers (cookies too) per path, over HTTP or HTTPS, with no
  Server or Date header unless given;
* `always_200_server`: the same 200 page for every path and every method (even CONNECT);
* `listing_server`: Python's file server on a folder, with directory listings on or off;
* `open_proxy`: a minimal open HTTP proxy (absolute-form GET and CONNECT) that only ever connects
  to loopback addresses.

`self_signed_cert` makes a certificate and key (the `cryptography` package) for HTTPS servers.
Every server has `.url` (`http(s)://127.0.0.1:<port>`) and `.port`.
"""

import datetime
import ipaddress
import select
import socket
import ssl
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

Headers = Sequence[tuple[str, str]]
PROXY_VIA = "1.1 aucote-test-proxy"


@dataclass(frozen=True)
class Reply:
    """What a `reply_server` answers on one path."""

    status: int = 200
    headers: Headers = ()
    body: bytes = b"<html><head><title>Test page</title></head><body>Hello</body></html>\n"


@dataclass(frozen=True)
class Running:
    """A server running in a thread: where to reach it."""

    url: str
    port: int
    host: str = "127.0.0.1"
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    """(path, headers) of every request a `reply_server` received."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Quiet(BaseHTTPRequestHandler):
    """No logging; replies carry only the headers a test chose."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""

    def reply(self, reply: Reply, send_body: bool = True) -> None:
        self.send_response_only(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if send_body:
            self.wfile.write(reply.body)
        self.close_connection = True


class _RouteHandler(_Quiet):
    routes: Mapping[str, Reply] = {}
    seen: list[tuple[str, dict[str, str]]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, dict(self.headers.items())))
        self.reply(self.routes.get(self.path.split("?")[0], Reply(404, (), b"not found\n")))

    def do_HEAD(self) -> None:
        self.reply(self.routes.get(self.path.split("?")[0], Reply(404, (), b"")), send_body=False)


class _Always200Handler(_Quiet):
    page: Reply = Reply()

    def do_GET(self) -> None:
        self.reply(self.page)

    do_POST = do_PUT = do_OPTIONS = do_CONNECT = do_DELETE = do_GET

    def do_HEAD(self) -> None:
        self.reply(self.page, send_body=False)


@contextmanager
def _serving(
    server: ThreadingHTTPServer, scheme: str = "http", seen: list[tuple[str, dict[str, str]]] | None = None
) -> Iterator[Running]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = server.socket.getsockname()[:2]
    try:
        yield Running(f"{scheme}://{host}:{port}", int(port), str(host), seen if seen is not None else [])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _bind(handler: type[BaseHTTPRequestHandler] | partial[BaseHTTPRequestHandler], host: str) -> _Server:
    return _Server((host, 0), handler)


def _wrap_tls(server: _Server, cert: tuple[Path, Path] | None) -> str:
    if cert is None:
        return "http"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert[0]), str(cert[1]))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    return "https"


@contextmanager
def reply_server(
    routes: Mapping[str, Reply], cert: tuple[Path, Path] | None = None, host: str = "127.0.0.1"
) -> Iterator[Running]:
    """Answers each path of `routes` as given (other paths 404); HTTPS when `cert` is given."""
    seen: list[tuple[str, dict[str, str]]] = []
    handler = type("Routes", (_RouteHandler,), {"routes": dict(routes), "seen": seen})
    server = _bind(handler, host)
    with _serving(server, _wrap_tls(server, cert), seen) as running:
        yield running


@contextmanager
def header_server(headers: Headers, cert: tuple[Path, Path] | None = None) -> Iterator[Running]:
    """`/` answered 200 with exactly `headers`."""
    with reply_server({"/": Reply(200, headers)}, cert) as running:
        yield running


@contextmanager
def always_200_server(page: Reply | None = None) -> Iterator[Running]:
    """The same 200 page for every path and method."""
    handler = type("Always200", (_Always200Handler,), {"page": page or Reply()})
    with _serving(_bind(handler, "127.0.0.1")) as running:
        yield running


class _NoListing(SimpleHTTPRequestHandler):
    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]
        self.send_error(403, "Directory listing forbidden")
        return None


class _Listing(SimpleHTTPRequestHandler):
    pass


@contextmanager
def listing_server(
    root: Path, listings: bool = True, cert: tuple[Path, Path] | None = None
) -> Iterator[Running]:
    """Python's file server on `root`; folders without index.html are listed only if `listings`;
    HTTPS when `cert` is given."""
    base = _Listing if listings else _NoListing
    quiet = type("Files", (base,), {"log_message": _Quiet.log_message})
    server = _bind(partial(quiet, directory=str(root)), "127.0.0.1")
    with _serving(server, _wrap_tls(server, cert)) as running:
        yield running


class _ProxyHandler(_Quiet):
    """Forwards absolute-form GETs (origin-form upstream, Via added) and tunnels CONNECT, to loopback only."""

    protocol_version = "HTTP/1.1"
    tunnels = True

    def do_GET(self) -> None:
        target = urlsplit(self.path)
        if target.scheme != "http" or not target.hostname:
            self.reply(Reply(400, (("Content-Type", "text/plain"),), b"Invalid URL: this is a proxy\n"))
            return
        port = target.port or 80
        if not _loopback(target.hostname):
            self.reply(Reply(403, (), b"only loopback\n"))
            return
        self._forward(target.hostname, port, target.path or "/", target.netloc)

    def _forward(self, host: str, port: int, path: str, netloc: str) -> None:
        request = f"GET {path} HTTP/1.0\r\nHost: {netloc}\r\nVia: {PROXY_VIA}\r\nConnection: close\r\n\r\n"
        try:
            with socket.create_connection((host, port), timeout=5) as upstream:
                upstream.sendall(request.encode())
                answer = _read_all(upstream)
        except OSError:
            self.reply(Reply(502, (("Via", PROXY_VIA),), b"bad gateway\n"))
            return
        head, _, body = answer.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = [line.partition(":") for line in lines]
        kept = [
            (k.strip(), v.strip()) for k, _, v in headers if k.lower() not in ("content-length", "connection")
        ]
        self.reply(Reply(int(status_line.split()[1]), [*kept, ("Via", PROXY_VIA)], body))

    def do_CONNECT(self) -> None:
        if not self.tunnels:
            self.reply(Reply(405, (), b"CONNECT not allowed\n"))
            return
        host, _, port_text = self.path.rpartition(":")
        host = host.strip("[]")
        if not port_text.isdigit() or int(port_text) == 0 or not _loopback(host):
            self.reply(Reply(400, (), b"bad CONNECT target\n"))
            return
        try:
            upstream = socket.create_connection((host, int(port_text)), timeout=5)
        except OSError:
            self.reply(Reply(502, (), b"cannot connect\n"))
            return
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        with upstream:
            _pump(self.connection, upstream)
        self.close_connection = True


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _read_all(sock: socket.socket, limit: int = 1 << 20) -> bytes:
    data = b""
    while len(data) < limit and (chunk := sock.recv(65536)):
        data += chunk
    return data


def _pump(client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes both ways until either side closes or 5 s pass in silence."""
    sockets = [client, upstream]
    while True:
        readable, _, _ = select.select(sockets, [], [], 5)
        if not readable:
            return
        for source in readable:
            data = source.recv(65536)
            if not data:
                return
            (upstream if source is client else client).sendall(data)


@contextmanager
def open_proxy(tunnels: bool = True) -> Iterator[Running]:
    """A minimal open HTTP proxy on loopback; CONNECT refused (405) unless `tunnels`."""
    handler = type("Proxy", (_ProxyHandler,), {"tunnels": tunnels})
    with _serving(_bind(handler, "127.0.0.1")) as running:
        yield running


def self_signed_cert(directory: Path, name: str = "localhost") -> tuple[Path, Path]:
    """(certificate, key) PEM files of a fresh self-signed EC certificate for `name` and 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName(name), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path
