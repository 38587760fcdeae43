"""Control calls over real HTTP (uvicorn on loopback) are audited with the principal's name and the
client's real address."""

import httpx
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.model.access import Role
from aucote.storage.queries.audit import AuditFilter, list_audit
from aucote.storage.queries.paging import Window
from tests.api.access_support import Service, add_user, bearer, local_port, served, token
from tests.api.conftest import NOW


def test_the_address_is_the_clients(engine: Engine) -> None:
    add_user(engine, "olga", Role.OPERATOR)
    secret = token(engine, "olga", "ci")
    app = create_app(engine, clock=lambda: NOW, control=Service())
    with served(app, local_port()) as base, httpx.Client(base_url=base) as client:
        assert client.post("/api/v1/scanner/tcp/stop", headers=bearer(secret)).status_code == 202
        assert client.post("/api/v1/kill", headers=bearer(secret)).status_code == 403
    with engine.connect() as connection:
        [newest, *_] = list_audit(connection, AuditFilter(), Window(1, 0)).rows
    assert (newest.time, newest.actor, newest.address, newest.action.value, newest.target, newest.detail) == (
        NOW,
        "olga",
        "127.0.0.1",
        "scanner_stop",
        "tcp",
        "stopping",
    )
