"""The API tokens page: a user lists, creates (the token shown once, in the POST's answer, never in
a URL) and revokes their own tokens through plain forms carrying the session's CSRF token; the
token then authenticates against the API and stops at once when revoked; both changes are audited
as `aucote token` audits them; an admin sees and revokes every user's; a Bearer token or the
configured password reads the page but changes nothing."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from aucote.api.app import create_app
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.access.conftest import audit_rows
from tests.api.login.conftest import OPTIONS, START, Clock, add_user, browser, form_token, log_in
from tests.web.html import rows

SECRET = re.compile(r'id="new-token" class="secret" type="text" value="([^"]+)"')


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database."""
    engine = open_engine(f"sqlite:///{tmp_path / 'aucote.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def app(store: Engine, clock: Clock) -> FastAPI:
    add_user(store, "victor", Role.VIEWER)
    add_user(store, "alice", Role.ADMIN)
    return create_app(store, clock=clock, login=OPTIONS)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with browser(app) as test_client:
        yield test_client


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    """A client without cookies, for Bearer requests."""
    with browser(app, address="192.0.2.20") as test_client:
        yield test_client


def create(client: TestClient, name: str, expires: str = "", token: str | None = None) -> Response:
    page = client.get("/tokens")
    csrf = form_token(page) if token is None else token
    return client.post("/tokens", data={"name": name, "expires": expires, "csrf_token": csrf})


def secret_of(page: Response) -> str:
    found = SECRET.search(page.text)
    assert found, page.text
    return found[1]


def token_table(page: str) -> list[list[str]]:
    return [row for row in rows(page) if len(row) >= 7]


def revoke_form(page: str, name: str) -> str:
    """The action of the revoke button of token `name`."""
    found = re.search(rf'action="(/tokens/\d+/revoke)">\s*<input[^>]+>\s*<button type="submit">Revoke'
                      rf'<span class="visually-hidden"> {re.escape(name)}[ <]', page)  # fmt: skip
    assert found, page
    return found[1]


def scans_status(api: TestClient, secret: str) -> int:
    return api.get("/api/v1/scans", headers={"Authorization": f"Bearer {secret}"}).status_code


def test_create_use_and_revoke(client: TestClient, api: TestClient, store: Engine, clock: Clock) -> None:
    log_in(client, "victor")
    page = client.get("/tokens")
    assert '<a href="/tokens" aria-current="page">API tokens</a>' in page.text
    assert "You have no token." in page.text and "Every user's tokens" not in page.text
    created = create(client, "ci-export", "90d")
    assert created.status_code == 201 and "location" not in created.headers
    assert created.headers["cache-control"] == "no-store"
    secret = secret_of(created)
    assert "it is shown only this once" in created.text
    assert secret not in client.get("/tokens").text
    clock.now += 120
    assert scans_status(api, secret) == 200
    page = client.get("/tokens").text
    assert token_table(page) == [
        ["Name", "State", "Created", "Expires", "Last used", "Revoked", "Action"],
        ["ci-export", "active", "2 min ago", "in 89 d", "0 s ago", "—", "Revoke ci-export"],
    ]
    revoked = client.post(revoke_form(page, "ci-export"), data={"csrf_token": form_token(created)})
    assert (revoked.status_code, revoked.headers["location"]) == (
        303, "/tokens?notice=revoked&token=ci-export&user=victor"
    )  # fmt: skip
    assert (
        "Token ci-export of victor is revoked: it no longer authenticates."
        in client.get(revoked.headers["location"]).text
    )
    assert scans_status(api, secret) == 401
    assert token_table(client.get("/tokens").text)[1][:2] == ["ci-export", "revoked"]
    assert [row[1:5] for row in audit_rows(store) if str(row[3]).startswith("token")] == [
        ("victor", "192.0.2.10", "token_created", "victor"),
        ("victor", "192.0.2.10", "token_revoked", "victor"),
    ]
    assert audit_rows(store)[-2][5] == "token ci-export, expires 2027-04-15T08:00:00+00:00"
    assert audit_rows(store)[-2][0] == START


def test_a_token_without_expiry_and_one_that_expired(
    client: TestClient, api: TestClient, clock: Clock
) -> None:
    log_in(client, "victor")
    forever = secret_of(create(client, "forever"))
    short = secret_of(create(client, "short", "1m"))
    clock.now += 120
    assert (scans_status(api, forever), scans_status(api, short)) == (200, 401)
    table = token_table(client.get("/tokens").text)
    assert [row[:4] for row in table[1:]] == [["forever", "active", "2 min ago", "never"],
                                              ["short", "expired", "2 min ago", "1 min ago"]]  # fmt: skip
    assert table[2][6] == "Revoke short"  # an expired token can still be revoked


@pytest.mark.parametrize(
    ("name", "expires", "message"),
    [
        ("ci", "soon", "Expires after: expected a period such as &#39;2h&#39;"),
        ("ci", "0s", "Expires after: the lifetime must be longer than 0s"),
        ("no spaces", "", "token name &#39;no spaces&#39; is not valid"),
        ("taken", "", "user &#39;victor&#39; already has a token &#39;taken&#39; (revoke it first)"),
    ],
)
def test_refused_creations_keep_the_form(client: TestClient, name: str, expires: str, message: str) -> None:
    log_in(client, "victor")
    assert create(client, "taken").status_code == 201
    refused = create(client, name, expires)
    assert refused.status_code == 400
    assert message in refused.text
    assert f'name="name" type="text" value="{name}"' in refused.text
    assert f'name="expires" type="text" value="{expires}"' in refused.text
    assert 'id="new-token"' not in refused.text
    assert [row[0] for row in token_table(refused.text)[1:]] == ["taken"]


@pytest.mark.parametrize(
    ("data", "message"), [({}, "Missing CSRF token"), ({"csrf_token": "x"}, "Wrong CSRF token")]
)
def test_without_the_sessions_csrf_token_nothing_changes(
    client: TestClient, store: Engine, data: dict[str, str], message: str
) -> None:
    log_in(client, "victor")
    answer = client.post("/tokens", data={"name": "ci", **data})
    assert answer.status_code == 403 and message in answer.text
    assert "You have no token." in client.get("/tokens").text


def test_only_an_admin_sees_and_revokes_another_users_token(app: FastAPI, client: TestClient) -> None:
    log_in(client, "alice")
    secret_of(create(client, "alice-ci"))
    with browser(app, address="192.0.2.30") as other:
        log_in(other, "victor")
        victors = create(other, "victor-ci")
        page = other.get("/tokens").text
        assert "alice-ci" not in page
        refused = other.post(
            revoke_form(client.get("/tokens").text, "alice-ci"), data={"csrf_token": form_token(victors)}
        )
        assert (
            refused.status_code == 403 and "Only an admin revokes another user&#39;s token." in refused.text
        )
    admin_page = client.get("/tokens").text
    assert "Every user's tokens" in admin_page
    assert [row[:3] for row in token_table(admin_page)] == [
        ["Name", "State", "Created"],
        ["alice-ci", "active", "0 s ago"],
        ["User", "Name", "State"],
        ["victor", "victor-ci", "active"],
    ]
    done = client.post(
        revoke_form(admin_page, "victor-ci"), data={"csrf_token": form_token(client.get("/tokens"))}
    )
    assert done.headers["location"] == "/tokens?notice=revoked&token=victor-ci&user=victor"
    again = client.post(
        revoke_form(admin_page, "victor-ci"), data={"csrf_token": form_token(client.get("/tokens"))}
    )
    assert again.headers["location"] == "/tokens?notice=already_revoked&token=victor-ci&user=victor"


def test_a_bearer_token_reads_the_page_but_changes_nothing(client: TestClient, api: TestClient) -> None:
    log_in(client, "victor")
    secret = secret_of(create(client, "ci"))
    bearer = {"Authorization": f"Bearer {secret}"}
    page = api.get("/tokens", headers=bearer)
    assert page.status_code == 200 and "never with another token" in page.text
    assert [row[0] for row in token_table(page.text)[1:]] == ["ci"]
    assert 'action="/tokens"' not in page.text and "/revoke" not in page.text
    refused = api.post("/tokens", data={"name": "more"}, headers=bearer)
    assert refused.status_code == 403 and "never with another token" in refused.text


def test_unknown_token(client: TestClient) -> None:
    log_in(client, "victor")
    answer = client.post("/tokens/4242/revoke", data={"csrf_token": form_token(client.get("/tokens"))})
    assert answer.status_code == 404 and "Token 4242 not found." in answer.text
