"""Scanners and tasks: without the service the stored scans' scanners (after the configured ones
when given), all idle; the service's views when given; an empty queue without the service."""

from collections.abc import Iterator, Sequence

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.api.stored_scanners import StoredScanners
from aucote.live.views import ScannerView, TasksView
from tests.api.conftest import BASE, NOW
from tests.api.expected import API, META, error, same

TCP = ScannerView(
    name="tcp",
    scan_type="LIVE",
    cron="* * * * *",
    ipv4=("masscan",),
    ipv6=("nmap",),
    current_scan=1508506000.0,
    previous_scan=1508503000.5,
    next_scan=1508506060.0,
    status="IN PROGRESS",
    nodes=("10.12.2.175[86]",),
)
TOOLS = ScannerView(name="tools basic", display_name="Basic scan", enabled=False)
TASK = "nmap http-vuln-cve2011-3192 on 10.12.2.175:5985/TCP [tools_basic #942]"


class Service:
    """A stand-in for the service's live state."""

    async def scanners(self) -> Sequence[ScannerView]:
        return (TCP, TOOLS)

    async def tasks(self) -> TasksView:
        return TasksView(unfinished=3, queue=(TASK, TASK), workers=2, jobs=(TASK,))


@pytest.fixture
def service_client(seeded: Engine) -> Iterator[TestClient]:
    app = create_app(seeded, scanners=Service(), tasks=Service(), clock=lambda: NOW)
    with TestClient(app, base_url=BASE) as client:
        yield client


def stored_link(name: str) -> dict[str, object]:
    """A scanner of the list known from the stored scans only."""
    return {"name": name, "display_name": None, "url": f"{API}/scanner/{name}"}


def idle(name: str, previous: float, previous_human: str, nodes: list[str]) -> dict[str, object]:
    """A scanner known only from the stored scans: idle, not enabled, its history."""
    return {
        "scan": name, "display_name": None, "enabled": False, "scan_type": "PERIODIC",
        "current_scan": None, "current_scan_human": None,
        "previous_scan": previous, "previous_scan_human": previous_human,
        "next_scan": None, "next_scan_human": None,
        "scanners": {"IPv4": [], "IPv6": []}, "status": "IDLE", "nodes": nodes, "meta": META,
    }  # fmt: skip


def test_without_service_the_stored_scans_scanners(client: TestClient) -> None:
    same(
        client.get("/api/v1/scanners").json(),
        {"scanners": [stored_link(name) for name in ("tcp", "tools_advanced", "tools_basic")], "meta": META},
    )
    # tcp's newest scan (950) has no end: without the service nothing runs here, so it is IDLE and
    # its previous scan is its newest finished one (930); its nodes are those of 950.
    tcp = idle("tcp", 1508503000.5, "2017-10-20T12:36:40.500000+00:00", ["10.12.2.175[86]"])
    same(client.get("/api/v1/scanner/tcp").json(), tcp)
    basic = idle("tools_basic", 1508503680.2786627, "2017-10-20T12:48:00.278663+00:00", [])
    same(client.get("/api/v1/scanners/tools_basic").json(), basic)
    response = client.get("/api/v1/scanner/udp")
    assert response.status_code == 404
    same(response.json(), error("Scanner not found"))


def test_no_service_means_an_empty_queue(client: TestClient) -> None:
    same(
        client.get("/api/v1/tasks").json(),
        {"unfinished_tasks": 0, "queue": [], "workers": {"count": 0, "jobs": []}, "meta": META},
    )


def test_scanner_list(service_client: TestClient) -> None:
    same(
        service_client.get("/api/v1/scanners").json(),
        {
            "scanners": [
                {"name": "tcp", "display_name": None, "url": f"{API}/scanner/tcp"},
                {"name": "tools basic", "display_name": "Basic scan", "url": f"{API}/scanner/tools%20basic"},
            ],
            "meta": META,
        },
    )


def test_scanner_detail(service_client: TestClient) -> None:
    same(
        service_client.get("/api/v1/scanners/tcp").json(),
        {
            "scan": "tcp",
            "display_name": None,
            "enabled": True,
            "scan_type": "LIVE",
            "current_scan": 1508506000,
            "current_scan_human": "2017-10-20T13:26:40+00:00",
            "previous_scan": 1508503000.5,
            "previous_scan_human": "2017-10-20T12:36:40.500000+00:00",
            "next_scan": 1508506060,
            "next_scan_human": "2017-10-20T13:27:40+00:00",
            "scanners": {"IPv4": ["masscan"], "IPv6": ["nmap"]},
            "status": "IN PROGRESS",
            "nodes": ["10.12.2.175[86]"],
            "meta": META,
        },
    )


def test_idle_disabled_scanner_by_quoted_name(service_client: TestClient) -> None:
    body = service_client.get("/api/v1/scanner/tools%20basic").json()
    assert (body["scan"], body["display_name"], body["enabled"], body["status"]) == (
        "tools basic",
        "Basic scan",
        False,
        "IDLE",
    )
    assert (body["current_scan"], body["current_scan_human"], body["next_scan"]) == (None, None, None)


def test_tasks(service_client: TestClient) -> None:
    same(
        service_client.get("/api/v1/tasks").json(),
        {"unfinished_tasks": 3, "queue": [TASK, TASK], "workers": {"count": 2, "jobs": [TASK]}, "meta": META},
    )


CONFIGURED = (
    ScannerView(name="tcp", display_name="Port scan", scan_type="LIVE", ipv4=("nmap",), ipv6=("nmap",)),
    ScannerView(name="udp", enabled=False),
    ScannerView(name="tools_basic", display_name="Basic scan", cron="0 * * * *"),
)


def test_configured_scanners_then_the_stored_ones(seeded: Engine) -> None:
    """As `aucote serve` with a configuration: the configured scanners in its order, completed
    with their stored history, then the scanners only stored scans name."""
    app = create_app(seeded, scanners=StoredScanners(seeded, CONFIGURED), clock=lambda: NOW)
    with TestClient(app, base_url=BASE) as client:
        listed = client.get("/api/v1/scanners").json()
        tcp = client.get("/api/v1/scanner/tcp").json()
        udp = client.get("/api/v1/scanner/udp").json()
        basic = client.get("/api/v1/scanner/tools_basic").json()
        advanced = client.get("/api/v1/scanner/tools_advanced").json()
    same(
        listed["scanners"],
        [
            {"name": "tcp", "display_name": "Port scan", "url": f"{API}/scanner/tcp"},
            {"name": "udp", "display_name": None, "url": f"{API}/scanner/udp"},
            {"name": "tools_basic", "display_name": "Basic scan", "url": f"{API}/scanner/tools_basic"},
            stored_link("tools_advanced"),
        ],
    )
    expected_tcp = idle("tcp", 1508503000.5, "2017-10-20T12:36:40.500000+00:00", ["10.12.2.175[86]"])
    expected_tcp |= {"display_name": "Port scan", "enabled": True, "scan_type": "LIVE"}
    expected_tcp |= {"scanners": {"IPv4": ["nmap"], "IPv6": ["nmap"]}}
    same(tcp, expected_tcp)
    assert (udp["enabled"], udp["previous_scan"], udp["status"], udp["nodes"]) == (False, None, "IDLE", [])
    assert (basic["display_name"], basic["enabled"], basic["previous_scan"]) == (
        "Basic scan",
        True,
        1508503680.2786627,
    )
    same(advanced, idle("tools_advanced", 1508504400.6845937, "2017-10-20T13:00:00.684594+00:00", []))
