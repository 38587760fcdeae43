"""The login page end to end through the app: the form, a login (cookie, redirect, fixation), the
same refusal for an unknown user and a wrong password, the login form's own CSRF token, logout
that really ends the session, audit rows with the client's address."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.access import accounts
from aucote.access.audit import Actor
from aucote.access.tokens import digest
from aucote.model.access import User
from aucote.storage.repository.sessions import session_owner
from tests.access.conftest import audit_rows
from tests.api.login.conftest import (
    BASE,
    PASSWORD,
    START,
    AppMaker,
    Clock,
    add_user,
    browser,
    form_token,
    log_in,
    logged_in_as,
    set_session_cookie,
)

PAGE_POLICY = (
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
ADDRESS = "192.0.2.10"


def test_the_login_page_is_a_plain_form(client: TestClient) -> None:
    page = client.get("/login", params={"next": "/api/v1/scans"})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == PAGE_POLICY
    assert page.headers["cache-control"] == "no-store"
    token = form_token(page)
    assert page.headers["set-cookie"] == (
        f"aucote_login={token}; HttpOnly; Max-Age=3600; Path=/login; SameSite=strict"
    )
    for needle in (
        '<form method="post" action="/login">',
        '<input type="hidden" name="next" value="/api/v1/scans">',
        '<input id="name" name="name" type="text" autocomplete="username"',
        '<input id="password" name="password" type="password" autocomplete="current-password"',
        '<link rel="stylesheet" href="/static/aucote.css">',
    ):
        assert needle in page.text
    assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", page.text)
    assert client.get("/login").text.count(token) == 1  # the same token while its cookie lasts


def test_the_style_sheet_and_icon_are_served(client: TestClient) -> None:
    sheet = client.get("/static/aucote.css")
    assert (sheet.status_code, sheet.headers["content-type"]) == (200, "text/css; charset=utf-8")
    assert "section.login" in sheet.text
    assert client.get("/static/favicon.svg").headers["content-type"] == "image/svg+xml"


def test_a_login_sets_the_session_cookie_and_goes_home(client: TestClient, alice: User) -> None:
    answer = log_in(client, "alice")
    assert (answer.status_code, answer.headers["location"]) == (303, "/")
    secret = client.cookies["aucote_session"]
    assert answer.headers.get_list("set-cookie") == [
        f"aucote_session={secret}; HttpOnly; Max-Age=43200; Path=/; SameSite=lax",
        'aucote_login=""; HttpOnly; Max-Age=0; Path=/login; SameSite=strict',
    ]
    assert logged_in_as(client) == "alice"


def test_over_https_the_cookies_are_secure(make_app: AppMaker, alice: User) -> None:
    with browser(make_app(), base_url="https://localhost:1235") as client:
        page = client.get("/login")
        assert page.headers["set-cookie"].endswith("; Path=/login; SameSite=strict; Secure")
        answer = log_in(client, "alice")
        cookies = answer.headers.get_list("set-cookie")
        assert [cookie.split("=")[0] for cookie in cookies] == ["aucote_session", "aucote_login"]
        assert all(cookie.endswith("; Secure") for cookie in cookies)
        assert logged_in_as(client) == "alice"


def test_behind_a_prefix_the_cookies_and_links_carry_it(make_app: AppMaker, alice: User) -> None:
    """The proxy strips the prefix, so the test sends the cookie the browser would send."""
    with browser(make_app(path_prefix="/aucote")) as client:
        page = client.get("/login")
        token = form_token(page)
        assert page.headers["set-cookie"].endswith("; Path=/aucote/login; SameSite=strict")
        assert '<form method="post" action="/aucote/login">' in page.text
        assert 'href="/aucote/static/aucote.css"' in page.text
        client.cookies.clear()
        answer = client.post(
            "/login",
            data={"name": "alice", "password": PASSWORD, "csrf_token": token},
            headers={"Cookie": f"aucote_login={token}"},
        )
        assert answer.headers["location"] == "/aucote/"
        secret = client.cookies["aucote_session"]
        assert answer.headers.get_list("set-cookie") == [
            f"aucote_session={secret}; HttpOnly; Max-Age=43200; Path=/aucote; SameSite=lax",
            'aucote_login=""; HttpOnly; Max-Age=0; Path=/aucote/login; SameSite=strict',
        ]


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/api/v1/scans?limit=1", "/api/v1/scans?limit=1"),
        ("/", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("/\t/evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("api/v1/scans", "/"),
        ("", "/"),
    ],
)
def test_next_is_followed_only_to_a_local_path(
    client: TestClient, alice: User, target: str, location: str
) -> None:
    assert log_in(client, "alice", target=target).headers["location"] == location


def test_every_login_makes_a_new_session_and_ends_the_old(
    client: TestClient, alice: User, store: Engine
) -> None:
    set_session_cookie(client, "chosen-by-an-attacker")
    log_in(client, "alice")
    first = client.cookies["aucote_session"]
    assert first != "chosen-by-an-attacker"
    log_in(client, "alice")
    second = client.cookies["aucote_session"]
    assert second != first
    assert logged_in_as(client) == "alice"
    with browser(client.app) as replay:
        assert logged_in_as(replay, first) is None
        assert logged_in_as(replay, second) == "alice"
    assert [row[3] for row in audit_rows(store)[1:]] == ["login", "logout", "login"]


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(
    client: TestClient, alice: User, store: Engine
) -> None:
    add_user(store, "dave")
    with store.begin() as connection:
        accounts.disable_user(connection, Actor(name="cli:root"), name="dave", now=2.0)
    token = form_token(client.get("/login"))
    answers = [
        client.post("/login", data={"name": name, "password": password, "csrf_token": token})
        for name, password in (("alice", "not the password"), ("mallory", PASSWORD), ("dave", PASSWORD))
    ]
    assert [answer.status_code for answer in answers] == [401] * 3
    assert answers[0].content == answers[1].content == answers[2].content
    assert answers[0].headers == answers[1].headers == answers[2].headers
    assert '<p class="message" role="alert">Wrong name or password.</p>' in answers[0].text
    assert "aucote_session" not in client.cookies
    assert [row[1:] for row in audit_rows(store)[-3:]] == [
        ("anonymous", ADDRESS, "login_failed", "alice", "wrong_password"),
        ("anonymous", ADDRESS, "login_failed", "mallory", "unknown_user"),
        ("anonymous", ADDRESS, "login_failed", "dave", "disabled"),
    ]


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_the_login_form_needs_its_own_token(
    client: TestClient, alice: User, store: Engine, token: str | None
) -> None:
    client.get("/login")
    data = {"name": "alice", "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    answer = client.post("/login", data=data)
    assert answer.status_code == 403
    assert '<p class="message" role="alert">The login form had expired. Please try again.</p>' in answer.text
    assert "aucote_session" not in client.cookies
    assert len(audit_rows(store)) == 1  # the password was not even tried
    assert log_in(client, "alice").status_code == 303  # the new form works


def test_a_login_post_without_the_forms_cookie_is_refused(make_app: AppMaker, alice: User) -> None:
    with browser(make_app()) as first, browser(make_app()) as other:
        token = form_token(first.get("/login"))
        answer = other.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token})
        assert answer.status_code == 403


def test_logout_ends_the_session_for_good(
    client: TestClient, alice: User, store: Engine, clock: Clock
) -> None:
    log_in(client, "alice")
    secret = client.cookies["aucote_session"]
    clock.now = START + 60
    home = client.get("/")
    answer = client.post("/logout", data={"csrf_token": form_token(home)})
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    assert answer.headers["set-cookie"] == 'aucote_session=""; HttpOnly; Max-Age=0; Path=/; SameSite=lax'
    with store.connect() as connection:
        owner = session_owner(connection, digest(secret))
    assert owner is not None and owner.session.ended == START + 60
    with browser(client.app) as replay:
        assert logged_in_as(replay, secret) is None
    assert audit_rows(store)[-1] == (START + 60, "alice", ADDRESS, "logout", "alice", None)


@pytest.mark.parametrize(("token", "message"), [(None, "Missing CSRF token"), ("forged", "Wrong CSRF token")])
def test_logout_needs_the_sessions_csrf_token(
    client: TestClient, alice: User, token: str | None, message: str
) -> None:
    log_in(client, "alice")
    answer = client.post("/logout", data={} if token is None else {"csrf_token": token})
    assert answer.status_code == 403
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert f'<p class="message" role="alert">{message}' in answer.text
    assert "set-cookie" not in answer.headers
    assert logged_in_as(client) == "alice"


def test_logout_without_a_session_just_drops_the_cookie(client: TestClient) -> None:
    set_session_cookie(client, "unknown")
    answer = client.post("/logout")
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    assert answer.headers["set-cookie"].startswith('aucote_session=""; HttpOnly; Max-Age=0')


def test_home_without_a_session_is_the_login_page(client: TestClient, alice: User) -> None:
    answer = client.get("/")
    assert (answer.status_code, answer.headers["location"]) == (303, "/login?next=%2F")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"password": PASSWORD, "csrf_token": "x"}, "Invalid parameter 'name': Field required"),
        (
            {"name": "a" * 65, "password": PASSWORD},
            "Invalid parameter 'name': String should have at most 64 characters",
        ),
        ({"name": "alice"}, "Invalid parameter 'password': Field required"),
    ],
)
def test_a_malformed_login_post_is_a_400_naming_the_field(
    client: TestClient, data: dict[str, str], code: str
) -> None:
    answer = client.post("/login", data=data)
    assert answer.status_code == 400
    assert answer.json()["code"] == code


def test_the_login_page_is_not_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not {"/login", "/logout", "/"} & set(paths)
    assert BASE.startswith("http://")
