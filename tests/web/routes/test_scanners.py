"""`GET /scanners` (health, tasks, recent scans with counts) and `GET /scans/{id}` (outcomes by
status and reason, the checks of one status with their reasons); start and stop buttons only for
operators, and their forms refused without an operator and the session's CSRF token."""

from collections.abc import Sequence

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.live.views import ScannerView, TasksView
from tests.web.conftest import BASE, NOW
from tests.web.html import link, rows


class Scanners:
    """The service's live view: tcp running, udp idle and never run."""

    async def scanners(self) -> Sequence[ScannerView]:
        return [
            ScannerView(
                name="tcp",
                status="IN PROGRESS",
                current_scan=NOW - 60,
                previous_scan=NOW - 3600,
                next_scan=None,
                cron="*/5 * * * *",
            ),
            ScannerView(name="udp", next_scan=NOW + 3 * 3600, display_name="UDP ports"),
        ]


class Tasks:
    async def tasks(self) -> TasksView:
        return TasksView(
            unfinished=2, queue=("nmap ssl-heartbleed on 10.0.0.1:443/TCP [tcp #951]", "<b>x</b>")
        )


def test_health_from_storage_alone(pages: TestClient) -> None:
    response = pages.get("/scanners")
    assert response.status_code == 200
    table = rows(response.text)
    assert table[:4] == [
        ["Scanner", "Status", "Previous run", "Last successful scan", "Next run", "Checks failing"],
        ["tcp disabled", "IDLE", "3 d ago", "3 d ago", "—", "0"],
        ["tools_advanced disabled", "IDLE", "3 d ago", "3 d ago", "—", "2 script_error: 1 timeout: 1"],
        ["tools_basic disabled", "IDLE", "3 d ago", "3 d ago", "—", "0"],
    ]
    assert ["tools_advanced #942", "DONE", "3 d ago", "10.59 s", "0", "0", "34", "4"] in table
    assert ["tcp #930", "DONE", "3 d ago", "9 min", "2", "2", "0", "0"] in table
    assert link(response.text, "tools_advanced #942") == "/scans/942"
    assert link(response.text, "2") == "/scans/942?status=FAILED"
    assert "<form" not in response.text.split("<main")[1]  # no start/stop for a viewer


def test_health_with_a_live_service(seeded_db: Engine) -> None:
    app = create_app(seeded_db, clock=lambda: NOW, scanners=Scanners(), tasks=Tasks())
    with TestClient(app, base_url=BASE) as client:
        page = client.get("/scanners").text
    table = rows(page)
    assert table[1] == ["tcp", "IN PROGRESS since 1 min ago", "1 h ago", "3 d ago", "— */5 * * * *", "0"]
    assert table[2] == ["UDP ports udp", "IDLE", "—", "never", "in 3 h", "0"]
    assert "2 unfinished (queued or running)" in page
    assert "<li>&lt;b&gt;x&lt;/b&gt;</li>" in page


def test_scan_outcomes(pages: TestClient) -> None:
    page = pages.get("/scans/942").text
    table = rows(page)
    assert table[:7] == [
        ["Status", "Reason", "Checks"],
        ["DONE", "", "29"],
        ["CANCELLED", "cancelled", "1"],
        ["FAILED", "script_error", "1"],
        ["SKIPPED", "intrusive_disabled", "1"],
        ["SKIPPED", "tool_missing", "1"],
        ["TIMEOUT", "timeout", "1"],
    ]
    # FAILED checks are listed first, with their reason and detail.
    assert table[8] == [
        "10.12.2.176", "8101/TCP", "x-frame-options aucote-http-headers",
        "script_error ERROR: Script execution failed (use -d to debug)", "3 d ago", "1.25 s",
    ]  # fmt: skip
    assert link(page, "SKIPPED") == "/scans/942?status=SKIPPED"


def test_scan_checks_of_a_status(pages: TestClient) -> None:
    table = rows(pages.get("/scans/942?status=skipped").text)
    assert [row[3] for row in table[8:]] == [
        "intrusive_disabled intrusive checks are off",
        "tool_missing hydra is not installed",
    ]


@pytest.mark.parametrize(("path", "status"), [("/scans/1", 404), ("/scans/942?status=LOST", 400)])
def test_bad_scan_pages(pages: TestClient, path: str, status: int) -> None:
    assert pages.get(path).status_code == status


@pytest.mark.parametrize("action", ["start", "stop"])
def test_control_needs_an_operators_login(pages: TestClient, action: str) -> None:
    # Open reads (loopback, no user) make a viewer, never an operator: log in first.
    response = pages.post(f"/scanners/tcp/{action}", data={"csrf_token": "x"}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303,
        f"/login?next=%2Fscanners%2Ftcp%2F{action}",
    )
