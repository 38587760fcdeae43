"""CSRF protection of requests made with the session cookie, as the API's principal resolution uses
it: a state-changing request needs the session's token (header or form field) → 403 JSON naming
what is wrong; safe methods, Bearer requests and requests without a session pass."""

from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from aucote.api.auth import bearer_token
from aucote.api.login.csrf import check_csrf, require_csrf, token_refusal
from aucote.api.login.principal import session_principal
from aucote.model.access import Credential, CsrfRefusal, Principal, Role, User
from tests.api.login.conftest import AppMaker, browser, form_token, log_in

MISSING = {
    "code": "Missing CSRF token (header X-CSRF-Token or form field csrf_token)",
    "meta": {"timestamp": 1800000000, "human_timestamp": "2027-01-15T08:00:00+00:00"},
}
WRONG = {**MISSING, "code": "Wrong CSRF token"}


async def resolved(request: Request) -> Principal | None:
    """What the API's resolver does: a Bearer token first (here any), else the session cookie; then
    the CSRF check for whoever it found."""
    principal: Principal | None = None
    if bearer_token(request.headers.get("authorization")) is not None:
        principal = Principal(name="bot", role=Role.ADMIN, credential=Credential.TOKEN)
    else:
        principal = session_principal(request)
    await check_csrf(request, principal)
    return principal


def changing(app: FastAPI) -> FastAPI:
    """The app with a state-changing endpoint behind `resolved`, one behind `require_csrf`."""

    async def change(principal: Annotated[Principal | None, Depends(resolved)]) -> dict[str, str | None]:
        return {"by": None if principal is None else principal.name}

    async def plain() -> dict[str, bool]:
        return {"done": True}

    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        app.add_api_route("/api/v1/change", change, methods=[method])
    app.add_api_route("/api/v1/plain", plain, methods=["POST"], dependencies=[Depends(require_csrf)])
    return app


@pytest.fixture
def session(make_app: AppMaker, alice: User) -> TestClient:
    client = browser(changing(make_app()))
    log_in(client, "alice")
    return client


def csrf_of(client: TestClient) -> str:
    return form_token(client.get("/"))


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_state_change_without_the_token_is_refused(session: TestClient, method: str) -> None:
    answer = session.request(method, "/api/v1/change")
    assert (answer.status_code, answer.json()) == (403, MISSING)
    answer = session.request(method, "/api/v1/change", headers={"X-CSRF-Token": "forged"})
    assert (answer.status_code, answer.json()) == (403, WRONG)
    answer = session.request(method, "/api/v1/change", headers={"X-CSRF-Token": csrf_of(session)})
    assert (answer.status_code, answer.json()) == (200, {"by": "alice"})


def test_the_token_may_come_as_a_form_field(session: TestClient) -> None:
    answer = session.post("/api/v1/change", data={"csrf_token": csrf_of(session)})
    assert (answer.status_code, answer.json()) == (200, {"by": "alice"})
    answer = session.post("/api/v1/change", data={"csrf_token": "forged"})
    assert (answer.status_code, answer.json()) == (403, WRONG)
    answer = session.post("/api/v1/change", json={"csrf_token": csrf_of(session)})
    assert (answer.status_code, answer.json()) == (403, MISSING)  # a JSON body is no form


def test_reading_needs_no_token(session: TestClient) -> None:
    assert session.get("/api/v1/change").json() == {"by": "alice"}


def test_a_bearer_request_is_exempt_even_with_the_cookie(session: TestClient) -> None:
    answer = session.post("/api/v1/change", headers={"Authorization": "Bearer aucote_anything"})
    assert (answer.status_code, answer.json()) == (200, {"by": "bot"})


def test_without_a_session_there_is_nothing_to_check(make_app: AppMaker) -> None:
    with browser(changing(make_app())) as client:
        assert client.post("/api/v1/change").json() == {"by": None}
        client.cookies.set("aucote_session", "ended-or-unknown", domain="localhost.local", path="/")
        assert client.post("/api/v1/change").json() == {"by": None}


def test_the_dependency_for_routes_of_their_own(session: TestClient) -> None:
    assert session.post("/api/v1/plain").status_code == 403
    answer = session.post("/api/v1/plain", headers={"X-CSRF-Token": csrf_of(session)})
    assert (answer.status_code, answer.json()) == (200, {"done": True})


def test_each_session_has_its_own_token(make_app: AppMaker, alice: User) -> None:
    app = changing(make_app())
    with browser(app) as first, browser(app) as second:
        log_in(first, "alice")
        log_in(second, "alice")
        assert csrf_of(first) != csrf_of(second)
        answer = first.post("/api/v1/change", headers={"X-CSRF-Token": csrf_of(second)})
        assert (answer.status_code, answer.json()) == (403, WRONG)


def test_token_refusal() -> None:
    assert token_refusal(None, "a" * 43) is CsrfRefusal.MISSING
    assert token_refusal("", "a" * 43) is CsrfRefusal.MISSING
    assert token_refusal("a" * 42, "a" * 43) is CsrfRefusal.WRONG
    assert token_refusal("é", "a") is CsrfRefusal.WRONG
    assert token_refusal("a" * 43, "a" * 43) is None
