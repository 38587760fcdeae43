"""Scanners and tasks: nothing without the service, its views when given, and the views derived
from stored scans."""

from collections.abc import Iterator, Sequence

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.api.sources import ScannerView, TasksView
from aucote.api.stored_scanners import StoredScanners
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
TOOLS = ScannerView(name="tools basic", enabled=False)
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


def test_no_service_means_no_scanners(client: TestClient) -> None:
    same(client.get("/api/v1/scanners").json(), {"scanners": [], "meta": META})
    response = client.get("/api/v1/scanner/tcp")
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
                {"name": "tcp", "url": f"{API}/scanner/tcp"},
                {"name": "tools basic", "url": f"{API}/scanner/tools%20basic"},
            ],
            "meta": META,
        },
    )


def test_scanner_detail(service_client: TestClient) -> None:
    same(
        service_client.get("/api/v1/scanners/tcp").json(),
        {
            "scan": "tcp",
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
    assert (body["scan"], body["enabled"], body["status"]) == ("tools basic", False, "IDLE")
    assert (body["current_scan"], body["current_scan_human"], body["next_scan"]) == (None, None, None)


def test_tasks(service_client: TestClient) -> None:
    same(
        service_client.get("/api/v1/tasks").json(),
        {"unfinished_tasks": 3, "queue": [TASK, TASK], "workers": {"count": 2, "jobs": [TASK]}, "meta": META},
    )


def test_scanners_derived_from_stored_scans(seeded: Engine) -> None:
    app = create_app(seeded, scanners=StoredScanners(seeded), clock=lambda: NOW)
    with TestClient(app, base_url=BASE) as client:
        names = [row["name"] for row in client.get("/api/v1/scanners").json()["scanners"]]
        tcp = client.get("/api/v1/scanner/tcp").json()
        basic = client.get("/api/v1/scanner/tools_basic").json()
    assert names == ["tcp", "tools_advanced", "tools_basic"]
    assert (tcp["status"], tcp["current_scan"], tcp["previous_scan"]) == (
        "IN PROGRESS",
        1508506000,
        1508503000.5,
    )
    assert tcp["nodes"] == ["10.12.2.175[86]"]
    assert (basic["status"], basic["current_scan"], basic["previous_scan"]) == (
        "IDLE",
        None,
        1508503680.2786627,
    )
    assert basic["nodes"] == []
