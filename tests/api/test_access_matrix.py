"""Every route and method of the app, and the status each credential gets: the table RULES names the
role each route needs (None: public) and a URL that succeeds, and PAGES the same for the
dashboard's pages; a route of the app missing from both fails `test_every_route_has_a_rule`, and
every row is then requested with no credential (open mode: a loopback API without users; closed
mode: users exist), real viewer, operator and admin tokens, the configured service.api.password, a
revoked, an expired and a wrong token, on a real SQLite database. A page answers a refusal as a
browser needs it: the login page (303) without a valid credential, a 403 page for a role too
small."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, create_engine

from aucote.api.access.guard import RoleGuard
from aucote.api.app import create_app
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.web.access import PageGuard
from tests.api.access_support import LEGACY, WRONG, Service, Tokens, bearer, issue_tokens, legacy_hash
from tests.api.conftest import BASE, NOW
from tests.api.expected import error, same
from tests.support.seed_data import seed

VIEWER, OPERATOR, ADMIN = Role.VIEWER, Role.OPERATOR, Role.ADMIN
RULES: dict[tuple[str, str], tuple[Role | None, str, int]] = {
    ("GET", "/api/v1/openapi.json"): (None, "/api/v1/openapi.json", 200),
    ("HEAD", "/api/v1/openapi.json"): (None, "/api/v1/openapi.json", 200),
    ("GET", "/api/v1/docs"): (None, "/api/v1/docs", 200),
    ("HEAD", "/api/v1/docs"): (None, "/api/v1/docs", 200),
    ("GET", "/api/v1/sec_scans"): (VIEWER, "/api/v1/sec_scans", 200),
    ("GET", "/api/v1/security_scans"): (VIEWER, "/api/v1/security_scans?limit=2", 200),
    ("GET", "/api/v1/sec_scan/{id:int}"): (VIEWER, "/api/v1/sec_scan/12483", 200),
    ("GET", "/api/v1/sec_scans/{id:int}"): (VIEWER, "/api/v1/sec_scans/12483", 200),
    ("GET", "/api/v1/security_scan/{id:int}"): (VIEWER, "/api/v1/security_scan/12483", 200),
    ("GET", "/api/v1/security_scans/{id:int}"): (VIEWER, "/api/v1/security_scans/12483", 200),
    ("GET", "/api/v1/scans"): (VIEWER, "/api/v1/scans", 200),
    ("GET", "/api/v1/scan/{id:int}"): (VIEWER, "/api/v1/scan/942", 200),
    ("GET", "/api/v1/scans/{id:int}"): (VIEWER, "/api/v1/scans/942", 200),
    ("GET", "/api/v1/nodes"): (VIEWER, "/api/v1/nodes", 200),
    ("GET", "/api/v1/node/{id:int}"): (VIEWER, "/api/v1/node/1", 200),
    ("GET", "/api/v1/nodes/{id:int}"): (VIEWER, "/api/v1/nodes/1", 200),
    ("GET", "/api/v1/ports"): (VIEWER, "/api/v1/ports", 200),
    ("GET", "/api/v1/port/{id:int}"): (VIEWER, "/api/v1/port/700", 200),
    ("GET", "/api/v1/ports/{id:int}"): (VIEWER, "/api/v1/ports/700", 200),
    ("GET", "/api/v1/vulnerabilities"): (VIEWER, "/api/v1/vulnerabilities", 200),
    ("GET", "/api/v1/vulnerability/{id:int}"): (VIEWER, "/api/v1/vulnerability/500", 200),
    ("GET", "/api/v1/vulnerabilities/{id:int}"): (VIEWER, "/api/v1/vulnerabilities/500", 200),
    ("GET", "/api/v1/exploits"): (VIEWER, "/api/v1/exploits", 200),
    ("GET", "/api/v1/exploit/{id:int}"): (VIEWER, "/api/v1/exploit/72", 200),
    ("GET", "/api/v1/exploits/{id:int}"): (VIEWER, "/api/v1/exploits/72", 200),
    ("GET", "/api/v1/changes"): (VIEWER, "/api/v1/changes", 200),
    ("GET", "/api/v1/change/{id:int}"): (VIEWER, "/api/v1/change/1", 200),
    ("GET", "/api/v1/changes/{id:int}"): (VIEWER, "/api/v1/changes/1", 200),
    ("GET", "/api/v1/scanners"): (VIEWER, "/api/v1/scanners", 200),
    ("GET", "/api/v1/scanner/{name}"): (VIEWER, "/api/v1/scanner/tcp", 200),
    ("GET", "/api/v1/scanners/{name}"): (VIEWER, "/api/v1/scanners/tcp", 200),
    ("GET", "/api/v1/tasks"): (VIEWER, "/api/v1/tasks", 200),
    ("GET", "/api/v1/workers"): (VIEWER, "/api/v1/workers", 200),
    ("POST", "/api/v1/kill"): (ADMIN, "/api/v1/kill", 202),
    ("POST", "/api/v1/scanner/{name}/start"): (OPERATOR, "/api/v1/scanner/udp/start", 202),
    ("POST", "/api/v1/scanners/{name}/start"): (OPERATOR, "/api/v1/scanners/udp/start", 202),
    ("POST", "/api/v1/scanner/{name}/stop"): (OPERATOR, "/api/v1/scanner/tcp/stop", 202),
    ("POST", "/api/v1/scanners/{name}/stop"): (OPERATOR, "/api/v1/scanners/tcp/stop", 202),
    ("GET", "/api/v1/audit"): (ADMIN, "/api/v1/audit", 200),
    ("GET", "/api/v1/audit/{id:int}"): (ADMIN, "/api/v1/audit/1", 200),
    ("GET", "/api/v1/export/findings"): (VIEWER, "/api/v1/export/findings?format=json", 200),
    ("GET", "/api/v1/export/hosts"): (VIEWER, "/api/v1/export/hosts?format=csv", 200),
    ("GET", "/api/v1/triage"): (VIEWER, "/api/v1/triage", 200),
    # The matrix sends no body: past the role rule, a triage change is refused for its missing body.
    ("PUT", "/api/v1/triage"): (OPERATOR, "/api/v1/triage", 400),
    ("DELETE", "/api/v1/triage"): (OPERATOR, "/api/v1/triage", 400),
    # Health for probes: public, outside the API's prefix (docs/operations.md#health).
    ("GET", "/healthz"): (None, "/healthz", 200),
    ("GET", "/readyz"): (None, "/readyz", 200),
    ("GET", "/metrics"): (VIEWER, "/metrics", 200),
    # The login page and its form are public; they never take a Bearer token for a session.
    ("GET", "/login"): (None, "/login", 200),
    ("POST", "/login"): (None, "/login", 400),  # no form: 400 naming the missing field
    ("POST", "/logout"): (None, "/logout", 200),  # no session: redirected to the login page
}
PAGES: dict[tuple[str, str], tuple[Role, str, str]] = {
    ("GET", "/"): (VIEWER, "/", "page"),
    ("GET", "/findings"): (VIEWER, "/findings?risk=High", "page"),
    ("GET", "/findings/{finding_id:int}"): (VIEWER, "/findings/501", "page"),
    ("GET", "/hosts"): (VIEWER, "/hosts?port=5985", "page"),
    ("GET", "/hosts/{address}"): (VIEWER, "/hosts/10.12.2.175", "page"),
    ("GET", "/hosts/{address}/diff"): (VIEWER, "/hosts/10.12.2.175/diff?from=930&to=942", "page"),
    ("GET", "/scanners"): (VIEWER, "/scanners", "page"),
    ("GET", "/scans/{scan_id:int}"): (VIEWER, "/scans/942", "page"),
    ("POST", "/scanners/{name}/start"): (OPERATOR, "/scanners/udp/start", "done"),
    ("POST", "/scanners/{name}/stop"): (OPERATOR, "/scanners/tcp/stop", "done"),
    # The matrix posts no form: past the role rule, a triage form without a state is refused.
    ("POST", "/findings/triage"): (OPERATOR, "/findings/triage?risk=High", "invalid"),
    ("POST", "/findings/{finding_id:int}/triage"): (OPERATOR, "/findings/501/triage", "invalid"),
    ("GET", "/tokens"): (VIEWER, "/tokens", "page"),
    # Tokens are created and revoked from a user's browser session only: past the role rule, every
    # credential of the matrix (Bearer tokens, the password, open reads) gets the 403 page.
    ("POST", "/tokens"): (VIEWER, "/tokens", "forbidden"),
    ("POST", "/tokens/{token_id:int}/revoke"): (VIEWER, "/tokens/1/revoke", "forbidden"),
}
"""The dashboard's pages: the role each needs, a URL, and what success is: the page (200), for the
operators' buttons back to the scanners page (303), for the triage forms the page again with the
form's error (400)."""
CASES = ("open", "closed", "viewer", "operator", "admin", "password", "revoked", "expired", "wrong")
ROUTES = sorted(
    (method, context.path)
    for context in iter_route_contexts(create_app(create_engine("sqlite://")).routes)
    for method in context.methods or ()
)


def expected(needed: Role | None, success: int, case: str) -> int:
    """The status a credential case should get from a route needing `needed`."""
    if needed is None or case == "password":
        return success
    if case == "open":
        return success if needed is Role.VIEWER else 401
    if case in ("viewer", "operator", "admin"):
        return success if Role(case).allows(needed) else 403
    return 401  # closed, revoked, expired, wrong


class Clients:
    """The open-mode app (no user) and the closed one (users, tokens, service.api.password)."""

    def __init__(self, open_client: TestClient, closed_client: TestClient, tokens: Tokens) -> None:
        self.open, self.closed, self.tokens = open_client, closed_client, tokens

    def request(self, case: str, method: str, url: str, *, follow: bool = True) -> Response:
        """The answer to the case's credential (redirects followed unless `follow` is False)."""
        client = self.open if case == "open" else self.closed
        secret = self.secret(case)
        headers = {} if secret is None else bearer(secret)
        return client.request(method, url, headers=headers, follow_redirects=follow)

    def secret(self, case: str) -> str | None:
        """The Bearer value a case sends (None: no Authorization header)."""
        if case in ("open", "closed"):
            return None
        fixed = {"password": LEGACY, "wrong": WRONG}
        return fixed[case] if case in fixed else str(getattr(self.tokens, case))


def _database(folder: Path) -> Engine:
    engine = open_engine(f"sqlite:///{folder / 'aucote.sqlite3'}")
    upgrade(engine)
    seed(engine)
    return engine


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clients]:
    open_engine_, closed_engine = (_database(tmp_path_factory.mktemp(name)) for name in ("open", "closed"))
    tokens = issue_tokens(closed_engine)
    open_app = create_app(open_engine_, clock=lambda: NOW, control=Service())
    closed_app = create_app(closed_engine, clock=lambda: NOW, control=Service(), password_hash=legacy_hash)
    with (
        TestClient(open_app, base_url=BASE) as open_client,
        TestClient(closed_app, base_url=BASE) as closed_client,
    ):
        yield Clients(open_client, closed_client, tokens)
    open_engine_.dispose()
    closed_engine.dispose()


def test_every_route_has_a_rule() -> None:
    missing = [route for route in ROUTES if route not in RULES and route not in PAGES]
    assert missing == [], "routes without a row in RULES or PAGES (give each a role rule and a row)"
    assert sorted({**RULES, **PAGES}) == ROUTES


def test_each_api_route_is_guarded_by_its_rule() -> None:
    app = create_app(create_engine("sqlite://"))
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        guards = [
            d.dependency
            for d in getattr(route, "dependencies", ())
            if isinstance(d.dependency, RoleGuard | PageGuard)
        ]
        for method in context.methods or ():
            key = (method, context.path)
            needed = PAGES[key][0] if key in PAGES else RULES[key][0]
            assert isinstance(route, APIRoute) or needed is None, context.path
            assert [guard.role for guard in guards] == ([] if needed is None else [needed]), context.path


def page_outcome(needed: Role, success: str, case: str) -> str:
    """What a credential case should get from a page needing `needed`: the page's `success`, the
    login page, or a 403 page."""
    if case == "password":
        return success
    if case in ("viewer", "operator", "admin"):
        return success if Role(case).allows(needed) else "forbidden"
    if case == "open" and needed is Role.VIEWER:
        return success
    return "login"  # open mode for an operator's button; closed, revoked, expired, wrong


def outcome(response: Response) -> str:
    """A page's answer as page, done (back to the scanners page), invalid (a form's error), login or
    forbidden."""
    location = response.headers.get("location", "")
    if response.status_code == 303 and location.startswith("/login?next="):
        return "login"
    if response.status_code == 303 and location.startswith("/scanners?notice="):
        return "done"
    return {200: "page", 400: "invalid", 403: "forbidden"}.get(
        response.status_code, str(response.status_code)
    )


@pytest.mark.parametrize(("method", "path"), sorted(PAGES))
def test_page_outcomes(clients: Clients, method: str, path: str) -> None:
    needed, url, success = PAGES[(method, path)]
    outcomes = {case: outcome(clients.request(case, method, url, follow=False)) for case in CASES}
    assert outcomes == {case: page_outcome(needed, success, case) for case in CASES}


@pytest.mark.parametrize(("method", "path"), sorted(RULES))
def test_statuses(clients: Clients, method: str, path: str) -> None:
    needed, url, success = RULES[(method, path)]
    statuses = {case: clients.request(case, method, url).status_code for case in CASES}
    assert statuses == {case: expected(needed, success, case) for case in CASES}


@pytest.mark.parametrize(
    ("method", "path"), [route for route in sorted(RULES) if RULES[route][0] is not None]
)
def test_refusals_are_json_with_a_challenge(clients: Clients, method: str, path: str) -> None:
    needed, url, _ = RULES[(method, path)]
    assert needed is not None
    refusals = [("closed", 401, "Unauthorized", "Bearer")]
    refusals += [("wrong", 401, "Unauthorized", 'Bearer error="invalid_token"')]
    if needed is not Role.VIEWER:
        challenge = f'Bearer error="insufficient_scope", error_description="needs the {needed.value} role"'
        refusals += [("viewer", 403, f"Forbidden: needs the {needed.value} role", challenge)]
    for case, status, code, challenge in refusals:
        response = clients.request(case, method, url)
        assert (response.status_code, response.headers["www-authenticate"]) == (status, challenge), case
        same(response.json(), error(code))
