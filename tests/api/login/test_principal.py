"""The session cookie as a credential (`session_principal`): who it logs in, the idle and absolute
timeouts on the app's clock (a session past one is refused and ended), nothing for a missing, unknown
or oversized cookie, a disabled user or a session ended by a new password."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.requests import Request

from aucote.access import accounts
from aucote.access.audit import Actor
from aucote.access.sessions import SessionTimeouts
from aucote.access.tokens import digest
from aucote.api.login.principal import session_principal, session_reader
from aucote.model.access import Credential, Principal, Role, User
from aucote.storage.repository.sessions import session_owner
from tests.api.login.conftest import START, AppMaker, Clock, browser, form_token, log_in, logged_in_as

IDLE, ABSOLUTE = 1800.0, 43200.0


def whoami(app: FastAPI) -> FastAPI:
    """The app with `GET /whoami` answering what `session_principal` says."""

    def endpoint(request: Request) -> dict[str, object]:
        principal = session_principal(request)
        return {"principal": None if principal is None else repr(principal)}

    app.add_api_route("/whoami", endpoint, methods=["GET"])
    return app


def test_the_cookie_gives_the_users_principal(make_app: AppMaker, alice: User) -> None:
    with browser(whoami(make_app())) as client:
        assert client.get("/whoami").json() == {"principal": None}
        log_in(client, "alice")
        expected = Principal(
            name="alice", role=Role.OPERATOR, credential=Credential.SESSION, user_id=alice.id
        )
        assert client.get("/whoami").json() == {"principal": repr(expected)}


def test_unknown_and_oversized_cookies_give_nobody(make_app: AppMaker, alice: User) -> None:
    with browser(whoami(make_app())) as client:
        for value in ("unknown", "x" * 129, ""):
            answer = client.get("/whoami", headers={"Cookie": f"aucote_session={value}"})
            assert answer.json() == {"principal": None}


def test_the_idle_timeout_runs_from_the_last_request(client: TestClient, alice: User, clock: Clock) -> None:
    log_in(client, "alice")
    clock.now = START + IDLE - 1
    assert logged_in_as(client) == "alice"
    clock.now += IDLE - 1
    assert logged_in_as(client) == "alice"
    clock.now += IDLE + 1
    assert logged_in_as(client) is None


def test_an_idle_session_is_ended(client: TestClient, alice: User, clock: Clock, store: Engine) -> None:
    log_in(client, "alice")
    secret = client.cookies["aucote_session"]
    clock.now = START + IDLE + 1
    assert logged_in_as(client) is None
    with store.connect() as connection:
        owner = session_owner(connection, digest(secret))
    assert owner is not None and owner.session.ended == START + IDLE + 1
    clock.now = START + 10
    assert logged_in_as(client) is None  # ended for good


def test_the_absolute_timeout_ends_a_busy_session(client: TestClient, alice: User, clock: Clock) -> None:
    log_in(client, "alice")
    while clock.now + 1500 <= START + ABSOLUTE:
        clock.now += 1500
        assert logged_in_as(client) == "alice"
    clock.now = START + ABSOLUTE + 1
    assert logged_in_as(client) is None


def test_timeouts_come_from_the_options(make_app: AppMaker, alice: User, clock: Clock) -> None:
    with browser(make_app(timeouts=SessionTimeouts(idle=60.0, absolute=100.0))) as client:
        answer = log_in(client, "alice")
        assert "Max-Age=100;" in answer.headers["set-cookie"]
        clock.now = START + 61
        assert logged_in_as(client) is None


def test_disabling_the_user_or_a_new_password_ends_its_sessions(
    client: TestClient, alice: User, store: Engine
) -> None:
    log_in(client, "alice")
    with store.begin() as connection:
        accounts.set_password(
            connection, Actor(name="cli:root"), name="alice", password="another long passphrase", now=START
        )
    assert logged_in_as(client) is None
    log_in(client, "alice", "another long passphrase")
    assert logged_in_as(client) == "alice"
    with store.begin() as connection:
        accounts.disable_user(connection, Actor(name="cli:root"), name="alice", now=START)
    assert logged_in_as(client) is None


def test_the_async_reader_also_gives_the_pages_the_csrf_token(make_app: AppMaker, alice: User) -> None:
    app = make_app()

    async def endpoint(request: Request) -> dict[str, object]:
        principal = await session_reader(request)
        return {
            "name": None if principal is None else principal.name,
            "csrf": getattr(request.state, "csrf_token", None),
        }

    app.add_api_route("/reader", endpoint, methods=["GET"])
    with browser(app) as client:
        assert client.get("/reader").json() == {"name": None, "csrf": None}
        log_in(client, "alice")
        assert client.get("/reader").json() == {"name": "alice", "csrf": form_token(client.get("/"))}
