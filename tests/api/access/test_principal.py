"""Who a request comes from, through the app on a real database: open reads while the API is
loopback-only without users (until a user is added, by any process), public_read, the legacy
password, and tokens that stop working when revoked, expired or their user is disabled."""

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from aucote.access import accounts
from aucote.api.access.password import PasswordHash
from aucote.api.access.policy import AccessPolicy
from aucote.api.app import create_app
from aucote.model.access import Role
from aucote.storage.tables import api_tokens
from tests.api.access_support import CLI, LEGACY, add_user, bearer, legacy_hash, revoke, token
from tests.api.conftest import BASE, NOW

READ = "/api/v1/scans"


def client_of(
    engine: Engine, access: AccessPolicy | None = None, password_hash: PasswordHash | None = None
) -> TestClient:
    app = create_app(engine, clock=lambda: NOW, access=access, password_hash=password_hash)
    return TestClient(app, base_url=BASE)


def test_open_until_a_user_exists(engine: Engine) -> None:
    with client_of(engine) as client:
        assert client.get(READ).status_code == 200
        assert client.post("/api/v1/kill").status_code == 401  # open mode reads only
        add_user(engine, "alice", Role.VIEWER)  # as `aucote user add` in another process
        added = time.monotonic()
        while client.get(READ).status_code == 200:
            assert time.monotonic() - added < 3.0, "reads stayed open after a user was added"
            time.sleep(0.05)
        assert client.get(READ).status_code == 401
        assert client.get(READ, headers=bearer(token(engine, "alice", "t"))).status_code == 200


def test_closed_on_a_non_loopback_listener_without_users(engine: Engine) -> None:
    with client_of(engine, access=AccessPolicy(loopback=False)) as client:
        assert client.get(READ).status_code == 401
    with client_of(engine, access=AccessPolicy(loopback=False), password_hash=legacy_hash) as client:
        assert client.get(READ, headers=bearer(LEGACY)).status_code == 200


def test_public_read_opens_reads_only(engine: Engine) -> None:
    add_user(engine, "alice", Role.VIEWER)
    with client_of(engine, access=AccessPolicy(loopback=False, public_read=True)) as client:
        assert client.get(READ).status_code == 200
        assert client.get("/api/v1/audit").status_code == 401
        assert client.post("/api/v1/scanner/tcp/start").status_code == 401
        assert client.get(READ, headers=bearer("aucote_wrong")).status_code == 401


@pytest.mark.parametrize("header", ["Bearer aucote_wrong", "Bearer wrong", "Basic YTpi", "Bearer ", "Bearer"])
def test_a_bad_credential_is_refused_even_when_reads_are_open(engine: Engine, header: str) -> None:
    with client_of(engine) as client:
        response = client.get(READ, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_a_token_follows_its_user_and_its_revocation(engine: Engine) -> None:
    add_user(engine, "alice", Role.VIEWER)
    secret = token(engine, "alice", "t")
    with client_of(engine) as client:
        assert client.get("/api/v1/audit", headers=bearer(secret)).status_code == 403
        with engine.begin() as connection:
            accounts.set_role(connection, CLI, name="alice", role=Role.ADMIN, now=NOW)
        assert client.get("/api/v1/audit", headers=bearer(secret)).status_code == 200  # at once
        with engine.begin() as connection:
            accounts.disable_user(connection, CLI, name="alice", now=NOW)
        assert client.get(READ, headers=bearer(secret)).status_code == 401
        with engine.begin() as connection:
            accounts.enable_user(connection, CLI, name="alice", now=NOW)
        assert client.get(READ, headers=bearer(secret)).status_code == 200
        revoke(engine, "alice", "t")
        assert client.get(READ, headers=bearer(secret)).status_code == 401


def test_last_use_is_noted_once_a_minute(engine: Engine) -> None:
    add_user(engine, "alice", Role.VIEWER)
    secret = token(engine, "alice", "t")
    moments = iter([NOW, NOW + 30, NOW + 59, NOW + 61, NOW + 62])
    now = [NOW]

    def clock() -> float:
        return now[0]

    with TestClient(create_app(engine, clock=clock), base_url=BASE) as client:
        noted = []
        for moment in moments:
            now[0] = moment
            assert client.get(READ, headers=bearer(secret)).status_code == 200
            with engine.connect() as connection:
                noted.append(connection.execute(select(api_tokens.c.last_used)).scalar_one())
    assert noted == [NOW, NOW, NOW, NOW + 61, NOW + 61]
