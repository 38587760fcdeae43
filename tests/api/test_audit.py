"""`/api/v1/audit`: the audit log for admins, newest first, filtered and paged like every list, on
SQLite and PostgreSQL."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.access.audit import Actor, record
from aucote.api.app import create_app
from aucote.model.access import AuditAction, Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.api.access_support import CREATED, add_user, bearer, token
from tests.api.conftest import BASE, NOW
from tests.api.expected import API, META, error, navigation, same
from tests.support.postgres import fresh_database


def entry(
    id_: int, time: float, human: str, actor: str, address: str | None, action: str, target: str | None,
    detail: str | None,
) -> dict[str, object]:  # fmt: skip
    return {
        "id": id_, "url": f"{API}/audit/{id_}", "time": time, "time_human": human, "actor": actor,
        "address": address, "action": action, "target": target, "detail": detail,
    }  # fmt: skip


ENTRIES = {
    1: entry(1, CREATED, "2017-10-24T08:11:23.889213+00:00",
             "cli:test", None, "user_added", "root", "role admin"),
    2: entry(2, CREATED, "2017-10-24T08:11:23.889213+00:00",
             "cli:test", None, "token_created", "root", "token api"),
    3: entry(3, NOW - 500, "2017-10-24T08:19:43.889213+00:00",
             "alice", "10.0.0.5", "login", "alice", None),
    4: entry(4, NOW - 400, "2017-10-24T08:21:23.889213+00:00",
             "root", "192.0.2.7", "scanner_start", "tcp", "started"),
    5: entry(5, NOW - 300, "2017-10-24T08:23:03.889213+00:00",
             "service.api.password", "::1", "service_kill", None, None),
}  # fmt: skip


def _record(engine: Engine) -> str:
    """The entries above (1 and 2 by adding root and its token); root's token."""
    add_user(engine, "root", Role.ADMIN)
    secret = token(engine, "root", "api")
    with engine.begin() as connection:
        record(connection, Actor(name="alice", address="10.0.0.5"), AuditAction.LOGIN, "alice", now=NOW - 500)
        root = Actor(name="root", address="192.0.2.7")
        record(connection, root, AuditAction.SCANNER_START, "tcp", "started", now=NOW - 400)
        kill = Actor(name="service.api.password", address="::1")
        record(connection, kill, AuditAction.SERVICE_KILL, None, now=NOW - 300)
    return secret


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def admin(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client with root's token over a database holding ENTRIES."""
    if request.param == "sqlite":
        yield from _client(f"sqlite:///{tmp_path_factory.mktemp('audit') / 'aucote.sqlite3'}")
        return
    with fresh_database(request.getfixturevalue("postgres_server_url")) as url:
        yield from _client(url)


def _client(url: str) -> Iterator[TestClient]:
    engine = open_engine(url)
    upgrade(engine)
    secret = _record(engine)
    with TestClient(create_app(engine, clock=lambda: NOW), base_url=BASE, headers=bearer(secret)) as client:
        yield client
    engine.dispose()


def test_newest_first_and_paged(admin: TestClient) -> None:
    same(
        admin.get("/api/v1/audit").json(),
        {
            "audit": [ENTRIES[n] for n in (5, 4, 3, 2, 1)],
            "navigation": navigation(10, 0, None, None),
            "meta": META,
        },
    )
    same(
        admin.get("/api/v1/audit?limit=2&page=1").json(),
        {
            "audit": [ENTRIES[3], ENTRIES[2]],
            "navigation": navigation(2, 1, f"{API}/audit?limit=2&page=2", f"{API}/audit?limit=2&page=0"),
            "meta": META,
        },
    )
    same(
        admin.get("/api/v1/audit?limit=2&page=2").json(),
        {
            "audit": [ENTRIES[1]],
            "navigation": navigation(2, 2, None, f"{API}/audit?limit=2&page=1"),
            "meta": META,
        },
    )


def test_a_filtered_page_keeps_its_filters(admin: TestClient) -> None:
    same(
        admin.get("/api/v1/audit?actor=cli:test&limit=1").json(),
        {
            "audit": [ENTRIES[2]],
            "navigation": navigation(1, 0, f"{API}/audit?limit=1&page=1&actor=cli%3Atest", None),
            "meta": META,
        },
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=root", [4]),
        ("actor=nobody", []),
        ("action=LOGIN", [3]),
        ("action=user_added", [1]),
        ("target=root", [2, 1]),
        ("address=::1", [5]),
        ("address=10.0.0.5", [3]),
        (f"since={NOW - 500}", [5, 4, 3]),
        (f"since={NOW - 500}&until={NOW - 300}", [4, 3]),
        (f"until={NOW - 500}", [2, 1]),
        ("actor=root&action=login", []),
    ],
)
def test_filters(admin: TestClient, query: str, expected: list[int]) -> None:
    body = admin.get(f"/api/v1/audit?{query}").json()
    assert [row["id"] for row in body["audit"]] == expected


def test_one_entry(admin: TestClient) -> None:
    same(admin.get("/api/v1/audit/4").json(), {**ENTRIES[4], "meta": META})
    response = admin.get("/api/v1/audit/99")
    assert response.status_code == 404
    same(response.json(), error("Audit entry not found"))


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("action=nope", "Invalid parameter 'action': Input should be 'login', 'login_failed', "
                        "'logout', 'token_created', 'token_revoked', 'user_added', 'user_disabled', "
                        "'user_enabled', 'user_password', 'user_role', 'scanner_start', 'scanner_stop', "
                        "'service_kill' or 'triage'"),
        ("address=somewhere", "Invalid parameter 'address': Value error, 'somewhere' does not appear "
                              "to be an IPv4 or IPv6 address"),
        ("limit=0", "Invalid parameter 'limit': Input should be greater than or equal to 1"),
        ("who=root", "Unknown parameter 'who'"),
    ],
)  # fmt: skip
def test_bad_parameters(admin: TestClient, query: str, code: str) -> None:
    response = admin.get(f"/api/v1/audit?{query}")
    assert response.status_code == 400
    same(response.json(), error(code))


def test_the_item_takes_no_parameters(admin: TestClient) -> None:
    response = admin.get("/api/v1/audit/4?x=1")
    assert response.status_code == 400
    same(response.json(), error("Unknown parameter 'x'"))
