"""A host's pages over the stored history of tests/web/host_history.py (SQLite and PostgreSQL):
the freshness grid's next due times by the scanners of a real configuration as a scanning service
plans them (tests/web/schedule_support.py), and two scans of the host compared through the
picker's plain GET form (no JavaScript) and its permalink."""

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.live.views import ScannerView
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.support.seeded_db import empty_database
from tests.web.host_history import IP, store_history
from tests.web.html import link, rows
from tests.web.schedule_support import service_views, utc

BASE = "http://localhost:1235"
HOST = f"/hosts/{IP}"


class Service:
    """The scanner views of a running service, as the live channel gives them."""

    def __init__(self, views: Sequence[ScannerView]) -> None:
        self.views = views

    async def scanners(self) -> Sequence[ScannerView]:
        return self.views


@pytest.fixture(scope="module")
def history(
    db_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    with empty_database(db_backend, request, tmp_path_factory) as url:
        yield from _stored(url)


def _stored(url: str) -> Iterator[Engine]:
    engine = open_engine(url)
    upgrade(engine)
    store_history(engine)
    yield engine
    engine.dispose()


def client_at(engine: Engine, now: float, folder: Path, service: bool = True) -> TestClient:
    """A client of the app at `now`, with a scanning service's views (or none: `aucote serve`)."""
    scanners = Service(service_views(folder, now)) if service else None
    return TestClient(create_app(engine, clock=lambda: now, scanners=scanners), base_url=BASE)


def words(page: str) -> str:
    """The page's text without its tags, its spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


def grid(page: str) -> dict[str, str]:
    """The grid's next due per "port check" (the 9-cell rows of the freshness table)."""
    return {f"{row[0]} {row[1]}": row[7] for row in rows(page) if len(row) == 9 and row[0] != "Port"}


def test_next_due_by_the_services_schedule(history: Engine, tmp_path: Path) -> None:
    # Tuesday 09:00: tools_basic last ran Monday 22:00, before tcp found 80 and 443 again (20:00);
    # tcp looks again from 22:00 (2 h gap), so tools_basic takes them on Tuesday at 22:00.
    with client_at(history, utc(3, 9), tmp_path) as client:
        page = client.get(HOST).text
    assert grid(page) == {
        "22/TCP banner nmap": "in 13 h",
        "80/TCP http-vuln-cve2011-3192 nmap": "in 13 h",
        "80/TCP x-frame-options aucote-http-headers": "in 13 h",
        "443/TCP ssl-heartbleed nmap": "in 13 h",
        "21/TCP ftp-anon nmap": "in 13 h",
    }
    assert f'datetime="{_iso(utc(3, 22))}"' in page


def test_a_missed_run_is_overdue(history: Engine, tmp_path: Path) -> None:
    with client_at(history, utc(5, 9), tmp_path) as client:
        due = grid(client.get(HOST).text)
    assert set(due.values()) == {"overdue by 1 d"}


def test_without_a_scanning_service_nothing_is_scheduled(history: Engine, tmp_path: Path) -> None:
    with client_at(history, utc(3, 9), tmp_path, service=False) as client:
        due = grid(client.get(HOST).text)
    assert set(due.values()) == {"not scheduled tools_basic is not a configured scanner"}


def test_the_picker_leads_to_the_diff(history: Engine, tmp_path: Path) -> None:
    with client_at(history, utc(3, 9), tmp_path) as client:
        page = client.get(HOST).text
        form = (
            f'<form class="filters scan-picker" method="get" action="{HOST}/diff" '
            'aria-label="Compare two scans">'
        )
        assert form in page
        assert '<option value="4" selected>' in page and '<option value="5" selected>' in page
        since = link(page, "changes since the previous tools_basic scan (#4)")
        assert since == f"{HOST}/diff?to=4"
        diff = client.get(since)
    assert diff.status_code == 200
    assert rows(diff.text) == [
        ["Port", "Change", "Service", "Port scan"],
        ["443/TCP", "opened", "https nginx 1.18.0", "#3"],
        ["21/TCP", "closed", "ftp vsftpd 3.0.3", "#1"],
        ["Port", "Before", "After"],
        ["22/TCP", "ssh OpenSSH 8.0", "ssh OpenSSH 9.6"],
        ["Change", "Risk", "Finding", "Port", "Evidence"],
        ["appeared", "High", "Heartbleed ssl-heartbleed", "443/TCP", "VULNERABLE: heartbleed"],
        ["resolved port closed", "Medium", "Anonymous FTP login ftp-anon", "21/TCP",
         "Anonymous FTP login allowed"],
        ["resolved no longer reported", "High", "Apache byterange filter DoS http-vuln-cve2011-3192",
         "80/TCP", "VULNERABLE: byterange"],
        ["new evidence", "Low", "Missing X-Frame-Options x-frame-options", "80/TCP",
         "no X-Frame-Options on / → no X-Frame-Options on /admin"],
    ]  # fmt: skip
    assert "From tools_basic #2 (2026-03-02 02:00 UTC) to tools_basic #4" in words(diff.text)
    assert '<option value="2" selected>' in diff.text and '<option value="4" selected>' in diff.text


def test_the_permalink_with_both_scans(history: Engine, tmp_path: Path) -> None:
    with client_at(history, utc(3, 9), tmp_path) as client:
        diff = client.get(f"{HOST}/diff?from=4&to=5")
    text = words(diff.text)
    assert "1 port opened" in text and "0 findings appeared" in text
    assert "No UDP port scan covered the host up to one of the two scans" in text
    assert ["53/UDP", "opened", "domain dnsmasq 2.89", "#5"] in rows(diff.text)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (f"{HOST}/diff?from=99", 404, "Scan 99 (from) of this host not found."),
        (f"{HOST}/diff?to=x", 400, "Invalid parameter &#39;to&#39;"),
        (f"{HOST}/diff?since=1", 400, "Invalid parameter &#39;since&#39;: unknown parameter"),
        ("/hosts/192.0.2.99/diff", 404, "Host 192.0.2.99 not found."),
    ],
)
def test_refusals(history: Engine, tmp_path: Path, url: str, status: int, message: str) -> None:
    with client_at(history, utc(3, 9), tmp_path) as client:
        response = client.get(url)
    assert response.status_code == status
    assert message in response.text


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")
