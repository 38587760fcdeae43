"""The control endpoints: the configured password (service.api.password, the original's token) or
a user's token of the right role, then the service's answer; each call audited."""

import hashlib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.api.auth import hash_token
from aucote.model.access import Role
from aucote.storage.queries.audit import AuditFilter, list_audit
from aucote.storage.queries.paging import Window
from tests.api.access_support import Service, add_user, bearer, token
from tests.api.conftest import BASE, NOW
from tests.api.expected import META, error, same

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CALLS = [
    ("POST", "/api/v1/kill"),
    ("POST", "/api/v1/scanner/tcp/start"),
    ("POST", "/api/v1/scanner/tcp/stop"),
]


@pytest.fixture
def service() -> Service:
    return Service()


@pytest.fixture
def controlled(seeded: Engine, service: Service) -> Iterator[TestClient]:
    stored = hash_token(TOKEN, iterations=1000)
    app = create_app(seeded, clock=lambda: NOW, control=service, password_hash=lambda: _hash(stored))
    with TestClient(app, base_url=BASE) as client:
        yield client


async def _hash(stored: str) -> str:
    return stored


def accepted(code: str) -> dict[str, object]:
    return {"code": code, "meta": META}


@pytest.mark.parametrize(("method", "path"), CALLS)
def test_refused_without_a_configured_hash(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, headers=AUTH)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    same(response.json(), error("Unauthorized"))


@pytest.mark.parametrize(
    "header", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer ", "Bearer " + "x" * 2000]
)
def test_refused_without_the_token(controlled: TestClient, service: Service, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = controlled.post("/api/v1/kill", headers=headers)
    assert response.status_code == 401
    same(response.json(), error("Unauthorized"))
    assert service.calls == []


def test_no_service_to_control(seeded: Engine) -> None:
    stored = hashlib.sha512(TOKEN.encode()).hexdigest()  # the original's form
    app = create_app(seeded, clock=lambda: NOW, password_hash=lambda: _hash(stored))
    with TestClient(app, base_url=BASE) as client:
        response = client.post("/api/v1/kill", headers=AUTH)
    assert response.status_code == 503
    same(response.json(), error("Service control is not available"))


def test_kill_answers_then_shuts_down(controlled: TestClient, service: Service) -> None:
    response = controlled.post("/api/v1/kill", headers=AUTH)
    assert response.status_code == 202
    same(response.json(), accepted("Shutting down"))
    assert service.calls == ["shutdown"]


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/api/v1/scanner/udp/start", 202, accepted("Scan started")),
        ("/api/v1/scanners/udp/start", 202, accepted("Scan started")),
        ("/api/v1/scanner/tcp/start", 409, error("Scanner is already running")),
        ("/api/v1/scanner/tools/start", 409, error("Scanner is disabled")),
        ("/api/v1/scanner/nope/start", 404, error("Scanner not found")),
        ("/api/v1/scanner/tcp/stop", 202, accepted("Scan stopping")),
        ("/api/v1/scanners/tcp/stop/", 202, accepted("Scan stopping")),
        ("/api/v1/scanner/udp/stop", 409, error("Scanner is not running")),
        ("/api/v1/scanner/nope/stop", 404, error("Scanner not found")),
    ],
)
def test_start_and_stop(controlled: TestClient, path: str, status: int, body: dict[str, object]) -> None:
    response = controlled.post(path, headers=AUTH)
    assert response.status_code == status
    same(response.json(), body)


def test_control_paths_take_post_only(controlled: TestClient) -> None:
    response = controlled.get("/api/v1/kill", headers=AUTH)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    same(response.json(), error("Method not allowed"))


def test_control_paths_take_no_parameters(controlled: TestClient, service: Service) -> None:
    response = controlled.post("/api/v1/kill?now=1", headers=AUTH)
    assert response.status_code == 400
    same(response.json(), error("Unknown parameter 'now'"))
    assert service.calls == []


def _audited(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        page = list_audit(connection, AuditFilter(), Window(100, 0))
    return [(e.time, e.actor, e.address, e.action.value, e.target, e.detail) for e in reversed(page.rows)]


def test_each_call_is_audited_with_who_from_where_and_the_answer(engine: Engine, service: Service) -> None:
    add_user(engine, "olga", Role.OPERATOR)
    olga = token(engine, "olga", "ci")
    before = _audited(engine)
    app = create_app(
        engine, clock=lambda: NOW, control=service, password_hash=lambda: _hash(hash_token(TOKEN, 1000))
    )
    with TestClient(app, base_url=BASE) as client:
        assert client.post("/api/v1/scanner/udp/start", headers=bearer(olga)).status_code == 202
        assert client.post("/api/v1/scanner/tcp/start", headers=bearer(olga)).status_code == 409
        assert client.post("/api/v1/scanner/tcp/stop", headers=bearer(olga)).status_code == 202
        assert client.post("/api/v1/scanner/nope/stop", headers=AUTH).status_code == 404
        assert client.post("/api/v1/kill", headers=bearer(olga)).status_code == 403
        assert client.post("/api/v1/kill").status_code == 401
        assert client.post("/api/v1/kill", headers=AUTH).status_code == 202
    assert _audited(engine)[len(before) :] == [
        (NOW, "olga", "testclient", "scanner_start", "udp", "started"),
        (NOW, "olga", "testclient", "scanner_start", "tcp", "running"),
        (NOW, "olga", "testclient", "scanner_stop", "tcp", "stopping"),
        (NOW, "service.api.password", "testclient", "scanner_stop", "nope", "unknown"),
        (NOW, "service.api.password", "testclient", "service_kill", None, None),
    ]
