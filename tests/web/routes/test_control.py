"""The operators' buttons: a viewer sees none and is refused; an operator sees start and stop, and
a post with the session's CSRF token calls the service's controller, is audited and goes back to
the scanners page with the answer; without the token, or with another, nothing is called."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.access.conftest import audit_rows
from tests.api.login.conftest import OPTIONS, START, Clock, add_user, browser, form_token, log_in
from tests.api.test_control import Service
from tests.web.routes.test_scanners import Scanners


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database."""
    engine = open_engine(f"sqlite:///{tmp_path / 'aucote.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def service() -> Service:
    return Service()


@pytest.fixture
def users(store: Engine) -> None:
    add_user(store, "olivia", Role.OPERATOR)
    add_user(store, "victor", Role.VIEWER)


@pytest.fixture
def client(store: Engine, service: Service, users: None) -> Iterator[TestClient]:
    app = create_app(store, clock=Clock(), scanners=Scanners(), control=service, login=OPTIONS)
    with browser(app) as test_client:
        yield test_client


def test_a_viewer_sees_no_button_and_is_refused(client: TestClient, service: Service) -> None:
    log_in(client, "victor")
    page = client.get("/scanners")
    assert page.status_code == 200
    assert "/start" not in page.text and "/stop" not in page.text
    answer = client.post("/scanners/udp/start", data={"csrf_token": form_token(page)})
    assert answer.status_code == 403
    assert "This page needs the operator role." in answer.text
    assert service.calls == []


def test_an_operator_starts_and_stops(client: TestClient, service: Service, store: Engine) -> None:
    log_in(client, "olivia")
    page = client.get("/scanners")
    assert '<form class="inline" method="post" action="/scanners/tcp/stop">' in page.text
    assert '<form class="inline" method="post" action="/scanners/udp/start">' in page.text
    token = form_token(page)
    started = client.post("/scanners/udp/start", data={"csrf_token": token})
    assert (started.status_code, started.headers["location"]) == (303, "/scanners?notice=started&scanner=udp")
    assert "Scan of udp started." in client.get(started.headers["location"]).text
    running = client.post("/scanners/tcp/start", data={"csrf_token": token})
    assert running.headers["location"] == "/scanners?notice=running&scanner=tcp"
    stopping = client.post("/scanners/tcp/stop", data={"csrf_token": token})
    assert stopping.headers["location"] == "/scanners?notice=stopping&scanner=tcp"
    assert service.calls == ["start udp", "start tcp", "stop tcp"]
    assert [row[1:] for row in audit_rows(store)[-3:]] == [
        ("olivia", "192.0.2.10", "scanner_start", "udp", "started"),
        ("olivia", "192.0.2.10", "scanner_start", "tcp", "running"),
        ("olivia", "192.0.2.10", "scanner_stop", "tcp", "stopping"),
    ]
    assert audit_rows(store)[-1][0] == START


@pytest.mark.parametrize(
    ("data", "message"), [({}, "Missing CSRF token"), ({"csrf_token": "x"}, "Wrong CSRF token")]
)
def test_without_the_sessions_token_nothing_happens(
    client: TestClient, service: Service, data: dict[str, str], message: str
) -> None:
    log_in(client, "olivia")
    answer = client.post("/scanners/udp/start", data=data)
    assert answer.status_code == 403
    assert message in answer.text
    assert service.calls == []


def test_without_a_session_the_login_page(client: TestClient, service: Service) -> None:
    answer = client.post("/scanners/udp/start", data={"csrf_token": "x"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/login?next=%2Fscanners%2Fudp%2Fstart")
    page = client.get("/findings?risk=High")
    assert (page.status_code, page.headers["location"]) == (303, "/login?next=%2Ffindings%3Frisk%3DHigh")
    assert service.calls == []


def test_logged_in_a_page_comes_back_after_the_login(client: TestClient) -> None:
    answer = log_in(client, "victor", target="/findings?risk=High")
    assert answer.headers["location"] == "/findings?risk=High"
    page = client.get("/findings?risk=High")
    assert page.status_code == 200
    assert "Logged in as <strong>victor</strong>" in page.text
