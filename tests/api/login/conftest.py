"""Fixtures of the login page's tests: an app over a fresh SQLite database with a clock the test
moves, users made with a cheap Argon2 hasher (the app uses the same one), no delays unless a test
asks, and helpers that go through the forms as a browser does."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from argon2 import profiles
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from aucote.access import accounts
from aucote.access.audit import Actor
from aucote.access.lockout import LoginLimits
from aucote.access.passwords import Passwords
from aucote.api.app import create_app
from aucote.api.login.options import LoginOptions
from aucote.model.access import Role, User
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade

PASSWORD = "correct horse battery staple"
BASE = "http://localhost:1235"
START = 1_800_000_000.0
CHEAP = Passwords(profiles.CHEAPEST)
LIMITS = LoginLimits(user_failures=5, address_failures=20, window=900.0, lockout=900.0, delay=0.0)
OPTIONS = LoginOptions(limits=LIMITS, passwords=CHEAP)
_HIDDEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Clock:
    """A clock the test moves."""

    now: float = START

    def __call__(self) -> float:
        return self.now


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


def add_user(engine: Engine, name: str, role: Role = Role.VIEWER, password: str = PASSWORD) -> User:
    with engine.begin() as connection:
        actor = Actor(name="cli:root")
        return accounts.add_user(
            connection, actor, name=name, role=role, password=password, now=1.0, passwords=CHEAP
        )


@pytest.fixture
def alice(store: Engine) -> User:
    return add_user(store, "alice", Role.OPERATOR)


AppMaker = Callable[..., FastAPI]


@pytest.fixture
def make_app(store: Engine, clock: Clock) -> AppMaker:
    """create_app over the store with the test's clock, OPTIONS changed by keyword."""

    def make(path_prefix: str = "", **changes: object) -> FastAPI:
        return create_app(store, clock=clock, path_prefix=path_prefix, login=replace(OPTIONS, **changes))

    return make


def browser(app: FastAPI, base_url: str = BASE, address: str = "192.0.2.10") -> TestClient:
    """A client that keeps cookies and does not follow redirects (the tests look at them)."""
    return TestClient(app, base_url=base_url, follow_redirects=False, client=(address, 50000))


@pytest.fixture
def client(make_app: AppMaker) -> Iterator[TestClient]:
    with browser(make_app()) as test_client:
        yield test_client


def set_session_cookie(client: TestClient, value: str) -> None:
    """Put a session cookie in the client's jar as if the app had set it (a host-only cookie)."""
    client.cookies.set("aucote_session", value, domain="localhost.local", path="/")


def form_token(page: Response) -> str:
    """The csrf_token of the page's form."""
    found = _HIDDEN.search(page.text)
    assert found, page.text
    return found[1]


def log_in(client: TestClient, name: str, password: str = PASSWORD, target: str | None = None) -> Response:
    """Open the login page, then post its form."""
    page = client.get("/login")
    assert page.status_code == 200
    data = {"name": name, "password": password, "csrf_token": form_token(page)}
    if target is not None:
        data["next"] = target
    return client.post("/login", data=data)


def logged_in_as(client: TestClient, secret: str | None = None) -> str | None:
    """Whose session the client's cookie (or the `secret` sent as the cookie) is, as the home page
    says (None: sent to the login page)."""
    headers = {} if secret is None else {"Cookie": f"aucote_session={secret}"}
    home = client.get("/", headers=headers)
    if home.status_code == 303:
        return None
    found = re.search(r"Logged in as <strong>([^<]+)</strong>", home.text)
    assert home.status_code == 200 and found, home.text
    return found[1]
