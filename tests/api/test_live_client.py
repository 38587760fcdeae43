"""The API process's client of the scanning process, against the real live server on a real Unix
socket: live state merged with the stored history, control calls, and 503 when nobody answers."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.api.auth import hash_token
from aucote.api.live_client import LiveClient
from aucote.live.control import StartResult
from aucote.live.views import ScannerView, TasksView
from aucote.scheduling.live_server import live_app
from tests.api.conftest import BASE, NOW
from tests.api.expected import META, error, same

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TASK = "nmap banner on 10.12.2.175:22/TCP [tools_basic #7]"


class FakeService:
    """The scanning process's state: tcp runs, tools_basic is idle, udp is disabled."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.hash: str | None = hash_token(TOKEN, iterations=1000)

    def scanner_views(self) -> list[ScannerView]:
        return [
            ScannerView(name="tcp", scan_type="LIVE", cron="* * * * *", current_scan=1508506000.0,
                        status="IN PROGRESS", ipv4=("nmap",), ipv6=("nmap",)),
            ScannerView(name="tools_basic", display_name="Basic scan", cron="0 * * * *",
                        next_scan=1508508000.0, ipv4=("nmap",)),
            ScannerView(name="udp", enabled=False),
        ]  # fmt: skip

    def task_view(self) -> TasksView:
        return TasksView(unfinished=2, queue=[TASK], workers=4, jobs=[TASK])

    def password_hash(self) -> str | None:
        return self.hash

    def knows(self, name: str) -> bool:
        return name in ("tcp", "tools_basic", "udp")

    def start(self, name: str) -> StartResult:
        self.calls.append(f"start {name}")
        return {"tcp": "running", "tools_basic": "started", "udp": "disabled"}.get(name, "unknown")  # type: ignore[return-value]

    def stop(self, name: str) -> bool:
        self.calls.append(f"stop {name}")
        return name == "tcp"

    def shutdown(self) -> None:
        self.calls.append("shutdown")


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def live_socket(tmp_path: Path, service: FakeService) -> Iterator[str]:
    """The live server on a Unix socket, in a thread of its own (as in the scanning process)."""
    path = str(tmp_path / "live.sock")
    server = uvicorn.Server(uvicorn.Config(live_app(service), uds=path, log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        while not server.started:
            thread.join(0.01)
            assert thread.is_alive(), "the live server did not start"
        yield path
    finally:
        server.should_exit = True
        thread.join()


def client_over(seeded: Engine, socket_path: str) -> TestClient:
    live = LiveClient(socket_path, seeded)
    app = create_app(
        seeded, clock=lambda: NOW, scanners=live, tasks=live, control=live, password_hash=live.password_hash
    )
    return TestClient(app, base_url=BASE)


def test_live_state_merged_with_the_stored_history(seeded: Engine, live_socket: str) -> None:
    with client_over(seeded, live_socket) as client:
        names = [row["name"] for row in client.get("/api/v1/scanners").json()["scanners"]]
        tcp = client.get("/api/v1/scanner/tcp").json()
        basic = client.get("/api/v1/scanner/tools_basic").json()
        advanced = client.get("/api/v1/scanner/tools_advanced").json()
        assert client.get("/api/v1/scanner/nope").status_code == 404
    assert names == ["tcp", "tools_basic", "udp", "tools_advanced"]  # the last only in stored scans
    same(
        tcp,
        {
            "scan": "tcp", "display_name": None, "enabled": True, "scan_type": "LIVE",
            "current_scan": 1508506000, "current_scan_human": "2017-10-20T13:26:40+00:00",
            "previous_scan": 1508503000.5, "previous_scan_human": "2017-10-20T12:36:40.500000+00:00",
            "next_scan": None, "next_scan_human": None,
            "scanners": {"IPv4": ["nmap"], "IPv6": ["nmap"]},
            "status": "IN PROGRESS", "nodes": ["10.12.2.175[86]"], "meta": META,
        },
    )  # fmt: skip
    assert (basic["display_name"], basic["status"], basic["previous_scan"], basic["next_scan"]) == (
        "Basic scan",
        "IDLE",
        1508503680.2786627,
        1508508000,
    )
    same(
        advanced,
        {
            "scan": "tools_advanced", "display_name": None, "enabled": False, "scan_type": "PERIODIC",
            "current_scan": None, "current_scan_human": None,
            "previous_scan": 1508504400.6845937, "previous_scan_human": "2017-10-20T13:00:00.684594+00:00",
            "next_scan": None, "next_scan_human": None,
            "scanners": {"IPv4": [], "IPv6": []},
            "status": "IDLE", "nodes": [], "meta": META,
        },
    )  # fmt: skip


def test_tasks_come_from_the_scanning_process(seeded: Engine, live_socket: str) -> None:
    with client_over(seeded, live_socket) as client:
        body = client.get("/api/v1/tasks").json()
    same(
        body, {"unfinished_tasks": 2, "queue": [TASK], "workers": {"count": 4, "jobs": [TASK]}, "meta": META}
    )


def test_control_calls_reach_the_scanning_process(
    seeded: Engine, live_socket: str, service: FakeService
) -> None:
    with client_over(seeded, live_socket) as client:
        assert client.post("/api/v1/scanner/tools_basic/start", headers=AUTH).status_code == 202
        assert client.post("/api/v1/scanner/tcp/start", headers=AUTH).status_code == 409
        assert client.post("/api/v1/scanner/udp/start", headers=AUTH).status_code == 409
        assert client.post("/api/v1/scanner/nope/start", headers=AUTH).status_code == 404
        assert client.post("/api/v1/scanner/tcp/stop", headers=AUTH).status_code == 202
        assert client.post("/api/v1/scanner/udp/stop", headers=AUTH).status_code == 409
        assert client.post("/api/v1/scanner/nope/stop", headers=AUTH).status_code == 404
        assert client.post("/api/v1/kill", headers=AUTH).status_code == 202
    assert service.calls == [
        "start tools_basic", "start tcp", "start udp", "start nope", "stop tcp", "stop udp", "shutdown",
    ]  # fmt: skip


def test_the_token_is_checked_against_the_hash_the_service_has_now(
    seeded: Engine, live_socket: str, service: FakeService
) -> None:
    with client_over(seeded, live_socket) as client:
        assert client.post("/api/v1/scanner/tcp/stop", headers=AUTH).status_code == 202
        service.hash = hash_token("another", iterations=1000)  # as after SIGHUP with a new hash
        assert client.post("/api/v1/scanner/tcp/stop", headers=AUTH).status_code == 401
        service.hash = None
        assert client.post("/api/v1/scanner/tcp/stop", headers=AUTH).status_code == 401
    assert service.calls == ["stop tcp"]


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/api/v1/scanners", {}),
        ("GET", "/api/v1/scanner/tcp", {}),
        ("GET", "/api/v1/tasks", {}),
        ("POST", "/api/v1/kill", AUTH),
    ],
)
def test_503_when_the_scanning_process_does_not_answer(
    seeded: Engine, tmp_path: Path, method: str, path: str, headers: dict[str, str]
) -> None:
    with client_over(seeded, str(tmp_path / "nobody.sock")) as client:
        response = client.request(method, path, headers=headers)
        stored = client.get("/api/v1/scans?limit=1")
    assert response.status_code == 503
    same(response.json(), error("The scanning service is not answering"))
    assert stored.status_code == 200
