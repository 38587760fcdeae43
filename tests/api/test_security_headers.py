"""Every response carries the security headers — lists, errors of every kind, a crash, the OpenAPI
document and the docs page (which brings its own policy) — and HSTS only over HTTPS."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine

from aucote.api.app import create_app
from aucote.api.security_headers import HEADERS, HSTS, JSON_POLICY
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.web.pages import PAGE_POLICY

EXPECTED = dict(HEADERS)
REQUESTS = [
    ("GET", "/api/v1/scans", 200),
    ("GET", "/api/v1/openapi.json", 200),
    ("GET", "/nope", 404),
    ("GET", "/static/aucote.css", 200),
    ("GET", "/api/v1/scan/999", 404),
    ("POST", "/api/v1/scans", 405),
    ("GET", "/api/v1/scans?limit=0", 400),
    ("POST", "/api/v1/kill", 401),
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('headers') / 'aucote.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def security_headers(headers: dict[str, str]) -> dict[str, str]:
    wanted = {name.lower() for name in (*EXPECTED, "Strict-Transport-Security")}
    return {name: value for name, value in headers.items() if name.lower() in wanted}


def expected(**extra: str) -> dict[str, str]:
    return {name.lower(): value for name, value in {**EXPECTED, **extra}.items()}


@pytest.mark.parametrize(("method", "path", "status"), REQUESTS)
def test_every_response_over_http_has_the_headers_but_hsts(
    database: Engine, method: str, path: str, status: int
) -> None:
    with TestClient(create_app(database)) as client:
        response = client.request(method, path)
    assert response.status_code == status
    assert security_headers(dict(response.headers)) == expected()


@pytest.mark.parametrize(("method", "path", "status"), REQUESTS)
def test_over_https_hsts_too(database: Engine, method: str, path: str, status: int) -> None:
    with TestClient(create_app(database), base_url="https://aucote.example.org") as client:
        response = client.request(method, path)
    assert response.status_code == status
    assert security_headers(dict(response.headers)) == expected(**{"Strict-Transport-Security": HSTS})


def test_a_crash_is_answered_with_the_headers(tmp_path: Path) -> None:
    broken = create_engine(f"sqlite:///{tmp_path / 'absent' / 'aucote.sqlite3'}")
    with TestClient(create_app(broken), raise_server_exceptions=False) as client:
        response = client.get("/api/v1/scans")
    assert (response.status_code, response.json()["code"]) == (500, "Internal server error")
    assert security_headers(dict(response.headers)) == expected()


def test_the_docs_page_keeps_its_own_policy(database: Engine) -> None:
    with TestClient(create_app(database)) as client:
        response = client.get("/api/v1/docs")
    assert response.status_code == 200
    headers = security_headers(dict(response.headers))
    assert headers.pop("content-security-policy") != JSON_POLICY
    assert headers == {name: value for name, value in expected().items() if name != "content-security-policy"}


def test_the_json_policy_lets_nothing_load_or_frame() -> None:
    assert JSON_POLICY == "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    assert EXPECTED["X-Frame-Options"] == "DENY"
    assert EXPECTED["Cache-Control"] == "no-store"


def test_the_login_page_has_them_with_its_own_policy(database: Engine) -> None:
    with TestClient(create_app(database), base_url="https://aucote.example.org") as client:
        response = client.get("/login")
    assert response.status_code == 200
    assert security_headers(dict(response.headers)) == expected(
        **{"Content-Security-Policy": PAGE_POLICY, "Strict-Transport-Security": HSTS}
    )
