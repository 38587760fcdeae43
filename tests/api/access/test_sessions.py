"""The session cookie through the API's own guard (api.access): a logged-in browser reads with its
user's role, and a state change needs the session's CSRF token — the real control route, the real
login form, a real SQLite store."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.model.access import User
from tests.api.access_support import Service
from tests.api.login.conftest import OPTIONS, Clock, browser, form_token, log_in


def _session(store: Engine, clock: Clock, service: Service) -> TestClient:
    client = browser(create_app(store, clock=clock, control=service, login=OPTIONS))
    assert log_in(client, "alice").status_code == 303
    return client


def test_a_session_reads_and_changes_state_only_with_its_csrf_token(
    store: Engine, clock: Clock, alice: User
) -> None:
    service = Service()
    client = _session(store, clock, service)
    assert client.get("/api/v1/scans").status_code == 200
    refused = client.post("/api/v1/scanner/udp/start")
    assert (refused.status_code, refused.json()["code"]) == (
        403,
        "Missing CSRF token (header X-CSRF-Token or form field csrf_token)",
    )
    assert client.post("/api/v1/scanner/udp/start", headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert service.calls == []
    token = form_token(client.get("/"))
    assert client.post("/api/v1/scanner/udp/start", headers={"X-CSRF-Token": token}).status_code == 202
    assert service.calls == ["start udp"]


def test_a_session_has_its_users_role(store: Engine, clock: Clock, alice: User) -> None:
    """alice is an operator: killing the service is an admin's."""
    client = _session(store, clock, Service())
    token = form_token(client.get("/"))
    assert client.post("/api/v1/kill", headers={"X-CSRF-Token": token}).status_code == 403
    assert client.get("/api/v1/audit").status_code == 403
