"""`aucote serve` and `aucote service` over HTTPS with a certificate of a test CA, and behind a trusted
proxy: a verifying client gets https links and HSTS, plain HTTP and TLS 1.1 get nothing, and Aucote's
own TLS check and HTTP-header check, run against Aucote, find nothing. X-Forwarded-* is believed
from the trusted address (127.0.0.2) and from no other (127.0.0.3)."""

import asyncio
import signal
import socket
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from aucote.catalog import load_catalog
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.http_headers import APP as HEADERS_APP
from aucote.checks.http_headers import HttpHeadersCheck
from aucote.checks.http_headers.client import open_client
from aucote.checks.http_headers.fetch import fetch_page
from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.rule import Rule
from aucote.checks.http_headers.rules import RULES
from aucote.checks.judging import NotApplicable
from aucote.model.exploit import Exploit
from aucote.model.status import CheckReason, CheckStatus
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.checks.tls.running import evidence, loopback_port, run_check
from tests.scheduling.service_process import running_service, service_config
from tests.support.ports import free_port, serving
from tests.support.seed_data import seed
from tests.support.tls_servers import Authority, CertFiles

pytestmark = pytest.mark.filterwarnings("ignore:Parsed a serial number")

PROXY, STRANGER = "127.0.0.2", "127.0.0.3"
FORWARDED = {
    "X-Forwarded-Host": "aucote.example.org",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "203.0.113.9",
}
PAGES = [
    "/",
    "/findings",
    "/hosts/10.12.2.175",
    "/api/v1/sec_scans?limit=2",
    "/api/v1/docs",
    "/api/v1/openapi.json",
    "/api/v1/kill",
    "/nope",
]
"""The pages the HTTP-header rules judge: `/` (the dashboard's overview, the one the check itself
fetches), two more dashboard pages, a list, the docs, the OpenAPI document, a control endpoint
refusing a GET (405), an unknown path."""


@dataclass(frozen=True)
class Served:
    """A running API: its port and the CA that signed its certificate (None: plain HTTP)."""

    port: int
    ca: Path | None

    @property
    def base(self) -> str:
        return f"{'https' if self.ca else 'http'}://127.0.0.1:{self.port}"

    def client(self, source: str = "127.0.0.1") -> httpx.Client:
        """A client verifying the certificate against the test CA, connecting from `source`."""
        verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(self.ca)) if self.ca else False
        transport = httpx.HTTPTransport(local_address=source, verify=verify)
        return httpx.Client(transport=transport, base_url=self.base, timeout=10)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("https")


@pytest.fixture(scope="module")
def authority(folder: Path) -> Authority:
    return Authority.create(folder)


@pytest.fixture(scope="module")
def cert(authority: Authority, folder: Path) -> CertFiles:
    """RSA 2048, SHA-256, 90 days, for localhost, 127.0.0.1 and ::1."""
    return authority.issue(folder, "aucote")


@pytest.fixture(scope="module")
def tls_exploits() -> dict[str, Exploit]:
    """The shipped aucote-tls exploits by name."""
    return {entry.name: entry.exploit for entry in load_catalog() if entry.app == "aucote-tls"}


@pytest.fixture(scope="module")
def database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'aucote.sqlite3'}"
    engine = open_engine(url)
    upgrade(engine)
    seed(engine)
    engine.dispose()
    return url


def api_config(path: Path, tls: CertFiles | None) -> Path:
    """A configuration of the API alone: the certificate files if given, 127.0.0.2 as proxy."""
    api: dict[str, Any] = {"trusted_proxies": [PROXY]}
    if tls:
        api["tls"] = {"cert": str(tls.cert), "key": str(tls.key)}
    path.write_text(yaml.safe_dump({"service": {"api": api}}))
    return path


def serve(folder: Path, database: str, tls: CertFiles | None, authority: Authority) -> Iterator[Served]:
    """`aucote serve` with the configuration above, until the block ends."""
    port = free_port()
    config = api_config(folder / f"serve-{'https' if tls else 'http'}.yaml", tls)
    argv = [sys.executable, "-m", "aucote", "serve", "--config", str(config), "--db", database]
    with serving([*argv, "--host", "127.0.0.1", "--port", str(port)], port, timeout=30):
        yield Served(port, authority.cert_file if tls else None)


@pytest.fixture(scope="module")
def https(folder: Path, database: str, cert: CertFiles, authority: Authority) -> Iterator[Served]:
    yield from serve(folder, database, cert, authority)


@pytest.fixture(scope="module")
def http(folder: Path, database: str, authority: Authority) -> Iterator[Served]:
    yield from serve(folder, database, None, authority)


def next_page(served: Served, source: str = "127.0.0.1", headers: dict[str, str] | None = None) -> str:
    with served.client(source) as client:
        response = client.get("/api/v1/sec_scans?limit=2", headers=headers)
    assert response.status_code == 200
    url: str = response.json()["navigation"]["next_page"]
    return url


def hsts(served: Served, source: str = "127.0.0.1", headers: dict[str, str] | None = None) -> str | None:
    with served.client(source) as client:
        return client.get("/api/v1/scans", headers=headers).headers.get("strict-transport-security")


# --- HTTPS served directly ---------------------------------------------------------------------


def test_a_verifying_client_gets_https_links_and_hsts(https: Served) -> None:
    assert next_page(https) == f"https://127.0.0.1:{https.port}/api/v1/sec_scans?limit=2&page=1"
    assert hsts(https) == "max-age=63072000"


def test_a_client_not_trusting_the_ca_is_refused_by_its_own_check(https: Served) -> None:
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{https.base}/api/v1/scans", timeout=10)


def test_plain_http_to_the_https_port_gets_no_answer(https: Served) -> None:
    with socket.create_connection(("127.0.0.1", https.port), timeout=10) as plain:
        plain.sendall(b"GET /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = _read_all(plain)
    assert not answer.startswith(b"HTTP/")
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{https.port}/api/v1/scans", timeout=10)


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1_1 is deprecated:DeprecationWarning")
def test_tls_1_1_is_refused(https: Served) -> None:
    context = ssl.create_default_context(cafile=str(https.ca))
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    context.maximum_version = ssl.TLSVersion.TLSv1_1
    context.set_ciphers("ALL:@SECLEVEL=0")
    with socket.create_connection(("127.0.0.1", https.port), timeout=10) as raw, pytest.raises(ssl.SSLError):
        context.wrap_socket(raw, server_hostname="localhost")


def test_the_tls_check_finds_nothing(
    https: Served, authority: Authority, tls_exploits: dict[str, Exploit]
) -> None:
    outcomes = run_check(
        tls_exploits, loopback_port(https.port, "https"), options={"ca_file": str(authority.cert_file)}
    )
    assert set(outcomes) == set(tls_exploits)
    assert {outcome.status for outcome in outcomes.values()} == {CheckStatus.DONE}
    assert evidence(outcomes) == {}


def test_the_http_header_check_finds_nothing(https: Served) -> None:
    outcomes = header_check(https.port, "https")
    assert {name: (o.status, o.findings) for name, o in outcomes.items()} == {
        name: (CheckStatus.DONE, ()) for name in header_exploits()
    }


def test_no_header_rule_finds_anything_on_any_page(https: Served) -> None:
    assert judge_pages(https) == {path: {} for path in PAGES}


# --- Plain HTTP, and behind a proxy ------------------------------------------------------------


def test_over_plain_http_only_the_https_rules_do_not_apply(http: Served) -> None:
    outcomes = header_check(http.port, "http")
    skipped = {name for name, outcome in outcomes.items() if outcome.status is CheckStatus.SKIPPED}
    assert skipped == {"hsts", "cookie-secure"}
    assert {outcomes[name].reason for name in skipped} == {CheckReason.NOT_APPLICABLE}
    assert all(not outcome.findings for outcome in outcomes.values())
    assert judge_pages(http) == {path: {} for path in PAGES}


def test_a_trusted_proxy_sets_scheme_and_host_of_links_and_gets_hsts(http: Served) -> None:
    assert next_page(http, PROXY, FORWARDED) == "https://aucote.example.org/api/v1/sec_scans?limit=2&page=1"
    assert hsts(http, PROXY, FORWARDED) == "max-age=63072000"


def test_forwarding_headers_from_another_address_are_ignored(http: Served) -> None:
    assert (
        next_page(http, STRANGER, FORWARDED)
        == f"http://127.0.0.1:{http.port}/api/v1/sec_scans?limit=2&page=1"
    )
    assert hsts(http, STRANGER, FORWARDED) is None


def test_the_proxy_may_also_speak_https_to_aucote(https: Served) -> None:
    assert next_page(https, PROXY, FORWARDED) == "https://aucote.example.org/api/v1/sec_scans?limit=2&page=1"
    assert (
        next_page(https, STRANGER, FORWARDED)
        == f"https://127.0.0.1:{https.port}/api/v1/sec_scans?limit=2&page=1"
    )


# --- aucote service ----------------------------------------------------------------------------


def test_the_service_serves_https_trusts_its_proxy_and_takes_a_renewed_certificate_on_sighup(
    folder: Path, database: str, authority: Authority
) -> None:
    first, renewed = (authority.issue(folder, name) for name in ("first", "renewed"))
    files = CertFiles(folder / "service.crt", folder / "service.key")
    _install(first, files)
    port = free_port()
    config = service_config(folder / "service.yaml", port, 9, "60s")
    data = yaml.safe_load(config.read_text())
    data["service"]["api"].update(
        tls={"cert": str(files.cert), "key": str(files.key)}, trusted_proxies=[PROXY]
    )
    config.write_text(yaml.safe_dump(data))
    served = Served(port, authority.cert_file)
    with running_service(config, database, port, folder / "service.log") as service:
        service.wait("the API", lambda: _answers(served))
        assert _served_certificate(served) == first.cert.read_text()
        assert next_page(served) == f"https://127.0.0.1:{port}/api/v1/sec_scans?limit=2&page=1"
        assert (
            next_page(served, PROXY, FORWARDED)
            == "https://aucote.example.org/api/v1/sec_scans?limit=2&page=1"
        )
        assert next_page(served, STRANGER, FORWARDED).startswith(f"https://127.0.0.1:{port}/")
        assert hsts(served) == "max-age=63072000"
        assert "Aucote service: API on https://127.0.0.1" in service.output()
        _install(renewed, files)
        with _asking(served) as failures:
            service.proc.send_signal(signal.SIGHUP)
            service.wait(
                "the new certificate", lambda: _served_certificate(served) == renewed.cert.read_text()
            )
            time.sleep(1)  # the old API process ends meanwhile
        assert failures == []  # no connection was refused or dropped during the replacement
        assert next_page(served) == f"https://127.0.0.1:{port}/api/v1/sec_scans?limit=2&page=1"
        assert "replaces" in service.output()
        files.cert.write_bytes(first.cert.read_bytes())  # a certificate without its key: refused
        service.proc.send_signal(signal.SIGHUP)
        service.wait("the refusal", lambda: "configuration not reloaded" in service.output(), timeout=10)
        assert "service.api.tls.key: the private key in" in service.output()
        assert _served_certificate(served) == renewed.cert.read_text()


# --- helpers -----------------------------------------------------------------------------------


def header_exploits() -> dict[str, Exploit]:
    return {entry.name: entry.exploit for entry in load_catalog() if entry.app == HEADERS_APP}


def header_check(port: int, service: str) -> dict[str, ExploitOutcome]:
    """HttpHeadersCheck with every exploit of its app against the port, by exploit name."""
    exploits = header_exploits()
    selected = [Selected(exploit) for exploit in exploits.values()]
    outcomes = asyncio.run(
        HttpHeadersCheck().run(loopback_port(port, service), selected, CheckContext(timeout=10))
    )
    names = {exploit.id: name for name, exploit in exploits.items()}
    return {names[outcome.exploit_id]: outcome for outcome in outcomes}


def judge_pages(served: Served) -> dict[str, dict[str, str]]:
    """The evidence of every header rule on each page of PAGES, fetched as the check fetches `/`."""

    async def fetch_all() -> dict[str, dict[str, str]]:
        found = {}
        async with open_client({}, 10) as client:
            for path in PAGES:
                page = await fetch_page(client, served.base, path)
                found[path] = {name: text for name, rule in RULES.items() if (text := _judged(rule, page))}
        return found

    return asyncio.run(fetch_all())


def _judged(rule: Rule, page: Page) -> str | None:
    try:
        return rule(page)
    except NotApplicable:  # HSTS and Secure cookies over plain HTTP
        return None


def _answers(served: Served) -> bool:
    try:
        with served.client() as client:
            return client.get("/api/v1/scanners").status_code == 200
    except httpx.TransportError:
        return False


@contextmanager
def _asking(served: Served) -> Iterator[list[str]]:
    """A thread asking the API over new connections until the block ends; the failures it met."""
    failures: list[str] = []
    done = threading.Event()

    def ask() -> None:
        deadline = time.monotonic() + 60
        while not done.is_set() and time.monotonic() < deadline:
            try:
                with served.client() as client:
                    status = client.get("/api/v1/scans?limit=1").status_code
                if status != 200:
                    failures.append(f"status {status}")
            except httpx.TransportError as error:
                failures.append(repr(error))

    thread = threading.Thread(target=ask)
    thread.start()
    try:
        yield failures
    finally:
        done.set()
        thread.join()


def _install(source: CertFiles, target: CertFiles) -> None:
    """Copy certificate and key in place, as a renewal does."""
    target.cert.write_bytes(source.cert.read_bytes())
    target.key.write_bytes(source.key.read_bytes())


def _served_certificate(served: Served) -> str:
    """The PEM of the certificate the server sends now."""
    return ssl.get_server_certificate(("127.0.0.1", served.port), ca_certs=str(served.ca), timeout=10)


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except OSError:
        pass
    return data
