"""Paths: aliases, trailing slashes, the URL prefix, Host/scheme in URLs; every error as JSON."""

from collections.abc import Sequence

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.live.views import ScannerView
from tests.api.conftest import BASE, NOW
from tests.api.expected import error, same

# Routing is the same on both backends; the queries behind these paths run on PostgreSQL in their
# own modules (tests/api/test_*.py).
pytestmark = pytest.mark.backends("sqlite")

ALIASES = [
    ("/api/v1/sec_scan/12483", "/api/v1/sec_scans/12483"),
    ("/api/v1/sec_scan/12483", "/api/v1/security_scans/12483"),
    ("/api/v1/sec_scan/12483", "/api/v1/security_scan/12483"),
    ("/api/v1/scan/942", "/api/v1/scans/942"),
    ("/api/v1/node/1", "/api/v1/nodes/1"),
    ("/api/v1/port/700", "/api/v1/ports/700"),
    ("/api/v1/vulnerability/501", "/api/v1/vulnerabilities/501"),
    ("/api/v1/exploit/72", "/api/v1/exploits/72"),
    ("/api/v1/change/1", "/api/v1/changes/1"),
]


@pytest.mark.parametrize(("canonical", "alias"), ALIASES)
def test_aliases_and_trailing_slash(client: TestClient, canonical: str, alias: str) -> None:
    expected = client.get(canonical).json()
    for path in (alias, f"{alias}/", f"{canonical}/"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 200, path
        same(response.json(), expected)


def test_security_scan_lists_differ_only_in_their_links(client: TestClient) -> None:
    short = client.get("/api/v1/sec_scans?limit=3&page=1").json()
    long = client.get("/api/v1/security_scans?limit=3&page=1").json()
    assert short["security_scans"] == long["security_scans"]
    assert (
        short["navigation"]["next_page"].replace("/sec_scans", "/security_scans")
        == (long["navigation"]["next_page"])
    )


def test_path_prefix_goes_into_urls_not_routes(seeded: Engine) -> None:
    app = create_app(seeded, path_prefix="aucote/", clock=lambda: NOW)
    with TestClient(app, base_url=BASE) as client:
        body = client.get("/api/v1/sec_scans?limit=2&page=13").json()
        assert client.get("/aucote/api/v1/sec_scans").status_code == 404
    first = body["security_scans"][0]
    assert first["url"] == f"{BASE}/aucote/api/v1/sec_scan/12482"
    assert first["scan"]["url"] == f"{BASE}/aucote/api/v1/scan/942"
    assert first["scan"]["scanner_url"] == f"{BASE}/aucote/api/v1/scanner/tools_advanced"
    assert body["navigation"]["next_page"] == f"{BASE}/aucote/api/v1/sec_scans?limit=2&page=14"


def test_urls_follow_scheme_and_host(seeded: Engine) -> None:
    with TestClient(create_app(seeded), base_url="https://scanner.example:8443") as client:
        body = client.get("/api/v1/scan/942").json()
        proxied = client.get("/api/v1/scan/942", headers={"Host": "proxy.example"}).json()
    assert body["url"] == "https://scanner.example:8443/api/v1/scan/942"
    assert proxied["url"] == "https://proxy.example/api/v1/scan/942"


@pytest.mark.parametrize("path", ["/nope", "/api/v1", "/api/v1/nope", "/api/v2/scans", "/api/v1/scan/abc"])
def test_unknown_path(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    same(response.json(), error("Not found"))


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/v1/sec_scan/1", "Security scan not found"),
        ("/api/v1/sec_scan/99999999999999999999999", "Security scan not found"),
        ("/api/v1/scan/2147483648", "Scan not found"),
        ("/api/v1/node/0", "Node scan not found"),
        ("/api/v1/port/0", "Port scan not found"),
        ("/api/v1/vulnerability/0", "Vulnerability not found"),
        ("/api/v1/exploit/0", "Exploit not found"),
        ("/api/v1/change/0", "Change not found"),
        ("/api/v1/scanner/udp", "Scanner not found"),  # configured nowhere here, in no stored scan
    ],
)
def test_unknown_ids(client: TestClient, path: str, code: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    same(response.json(), error(code))


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/v1/sec_scans"), ("DELETE", "/api/v1/sec_scan/12483"), ("PUT", "/api/v1/tasks")],
)
def test_wrong_method(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    same(response.json(), error("Method not allowed"))


@pytest.mark.parametrize(
    "path", ["/api/v1/sec_scan/12483?x=1", "/api/v1/tasks?limit=1", "/api/v1/scanners?page=0"]
)
def test_endpoints_without_parameters_refuse_them(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    name = path.split("?")[1].split("=")[0]
    same(response.json(), error(f"Unknown parameter '{name}'"))


class Broken:
    """A scanner source with a bug."""

    async def scanners(self) -> Sequence[ScannerView]:
        raise RuntimeError("bug")


def test_a_bug_is_a_json_500(seeded: Engine) -> None:
    app = create_app(seeded, scanners=Broken(), clock=lambda: NOW)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/scanners")
    assert response.status_code == 500
    same(response.json(), error("Internal server error"))


def test_endpoints_run_on_the_event_loop_not_in_a_worker_thread(seeded: Engine) -> None:
    import threading

    from fastapi import APIRouter
    from pydantic import BaseModel

    from aucote.api.routing import add_get
    from aucote.model.access import Role

    class Where(BaseModel):
        thread: str

    seen: list[str] = []

    def where() -> Where:  # a plain function, as the API's endpoints are
        seen.append(threading.current_thread().name)
        return Where(thread=seen[-1])

    router = APIRouter()
    add_get(router, ("/where",), where, Where, parameters=False, role=Role.VIEWER)
    app = create_app(seeded)  # for the role rule's settings (reads open: loopback, no user)
    app.include_router(router)
    with TestClient(app) as client:
        assert client.get("/where").status_code == 200
        assert client.get("/where?x=1").status_code != 200  # its signature (no parameters) still counts
    assert len(seen) == 1 and not seen[0].startswith("AnyIO worker thread")
