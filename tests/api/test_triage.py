"""Triage over the API, on the seed (SQLite and PostgreSQL), whole bodies compared: set on named
findings or by a filter, listed newest first, shown beside findings on `include=triage` only,
selected by the `triage` filter (the list's and the export's), cleared; each change audited per
exploit on a port with its principal; refusals are 400s naming the parameter; changes need the
operator role (the configured password is an admin credential)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from aucote.api.app import create_app
from aucote.api.auth import hash_token
from aucote.api.times import human, maybe_human
from aucote.storage.tables import audit_log, daily_totals
from tests.api.access_support import issue_tokens
from tests.api.conftest import BASE, NOW
from tests.api.expected import API, EXPLOIT_71, EXPLOIT_72, META, error, port, same
from tests.api.test_vulnerabilities import finding
from tests.support.seed_data import LONG_OUTPUT, seed

TOKEN = "operator-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOW_HUMAN = META["human_timestamp"]
BYTERANGE_ON_5985 = {"exploit_id": 72, "node_ip": "10.12.2.175", "port": 5985, "protocol": "tcp"}
LATER = NOW + 3600


@dataclass
class Clock:
    now: float = NOW

    def __call__(self) -> float:
        return self.now


@dataclass
class Triaging:
    client: TestClient
    engine: Engine
    clock: Clock

    def put(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.client.put("/api/v1/triage", json=body, headers=AUTH if headers is None else headers)

    def delete(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.client.request(
            "DELETE", "/api/v1/triage", json=body, headers=AUTH if headers is None else headers
        )

    def audit(self) -> list[tuple[Any, ...]]:
        table = audit_log
        columns = (
            table.c.time,
            table.c.actor,
            table.c.address,
            table.c.action,
            table.c.target,
            table.c.detail,
        )
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(select(*columns).order_by(table.c.id))]


@pytest.fixture
def triaging(engine: Engine) -> Iterator[Triaging]:
    seed(engine)
    clock = Clock()
    stored = hash_token(TOKEN, iterations=1000)

    async def password_hash() -> str:
        return stored

    app = create_app(engine, clock=clock, password_hash=password_hash)
    with TestClient(app, base_url=BASE) as client:
        yield Triaging(client, engine, clock)


def changed(code: str, count: int) -> dict[str, Any]:
    return {"code": code, "count": count, "meta": META}


def triage_of(
    state: str, reason: str, expires: float | None = None, changed: float | None = None
) -> dict[str, Any]:
    return {
        "state": state,
        "reason": reason,
        "expires": expires,
        "expires_human": maybe_human(expires),
        "by": "service.api.password",
        "time": NOW,
        "time_human": NOW_HUMAN,
        "changed": changed,
        "changed_human": maybe_human(changed),
    }


def entry(
    entry_id: int,
    number: int,
    node: dict[str, Any],
    exploit: dict[str, Any],
    triage: dict[str, Any],
    *,
    expired: bool = False,
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "port": port(number, node),
        "exploit": exploit,
        **triage,
        "expired": expired,
        "vulnerabilities_url": (
            f"{API}/vulnerabilities?node_id={node['id']}&port={number}&exploit_id={exploit['id']}&protocol=TCP"
        ),
    }


def test_set_on_a_named_finding_shows_beside_its_findings_and_in_the_list(triaging: Triaging) -> None:
    body = {"state": "accepted_risk", "reason": "lab box", "findings": [BYTERANGE_ON_5985]}
    same(triaging.put(body).json(), changed("Triage set", 1))
    accepted = triage_of("accepted_risk", "lab box")
    same(
        triaging.client.get("/api/v1/vulnerabilities?include=triage").json()["vulnerabilities"],
        [
            {**finding(500, "VULNERABLE"), "triage": accepted},
            {**finding(501, LONG_OUTPUT[:100]), "triage": accepted},
            {**finding(502, "maybe"), "triage": None},
        ],
    )
    same(
        triaging.client.get("/api/v1/triage").json(),
        {
            "triage": [entry(1, 5985, {"id": 86, "ip": "10.12.2.175"}, EXPLOIT_72, accepted)],
            "navigation": {"limit": 10, "page": 0, "next_page": None, "previous_page": None},
            "meta": META,
        },
    )
    assert triaging.audit() == [
        (
            NOW,
            "service.api.password",
            "testclient",
            "triage",
            "nmap http-vuln-cve2011-3192 (exploit 72) on 10.12.2.175 port 5985/TCP",
            "accepted_risk: lab box",
        )
    ]


def test_without_include_the_bodies_stay_as_they_were(triaging: Triaging) -> None:
    before = triaging.client.get("/api/v1/vulnerabilities").json()
    detail = triaging.client.get("/api/v1/vulnerability/501").json()
    triaging.put({"state": "fix_pending", "reason": "ticket 42", "findings": [BYTERANGE_ON_5985]})
    same(triaging.client.get("/api/v1/vulnerabilities").json(), before)
    same(triaging.client.get("/api/v1/vulnerability/501").json(), detail)


def test_the_detail_with_triage_keeps_the_finding_keys_first(triaging: Triaging) -> None:
    until = NOW + 86400
    triaging.put(
        {"state": "fix_pending", "reason": "ticket 42", "expires": until, "findings": [BYTERANGE_ON_5985]}
    )
    body = triaging.client.get("/api/v1/vulnerability/501?include=TRIAGE").json()
    plain = triaging.client.get("/api/v1/vulnerability/501").json()
    expected = dict(plain)
    tail = {key: expected.pop(key) for key in ("security_scan_url", "scans", "meta")}
    same(body, {**expected, "triage": triage_of("fix_pending", "ticket 42", until), **tail})


@pytest.mark.parametrize(
    ("view", "ids"),
    [
        ("untriaged", [502]),
        ("triaged", [500, 501]),
        ("ACCEPTED_RISK", [500, 501]),
        ("false_positive", []),
        ("changed", []),
    ],
)
def test_the_triage_filter(triaging: Triaging, view: str, ids: list[int]) -> None:
    triaging.put({"state": "accepted_risk", "reason": "known", "findings": [BYTERANGE_ON_5985]})
    body = triaging.client.get(f"/api/v1/vulnerabilities?triage={view}&limit=2").json()
    assert [row["id"] for row in body["vulnerabilities"]] == ids[:2]
    assert body["navigation"]["next_page"] is None


def test_set_by_a_filter_of_the_finding_list(triaging: Triaging) -> None:
    body = {"state": "false_positive", "reason": "ColdFusion is not installed", "filter": {"exploit_id": 71}}
    same(triaging.put(body).json(), changed("Triage set", 1))
    entries = triaging.client.get("/api/v1/triage?state=false_positive").json()["triage"]
    same(
        entries,
        [
            entry(
                1,
                5985,
                {"id": 86, "ip": "10.12.2.175"},
                EXPLOIT_71,
                triage_of("false_positive", "ColdFusion is not installed"),
            )
        ],
    )
    same(
        triaging.put({**body, "filter": {"exploit_id": 72, "expired": False}}).json(),
        changed("Triage set", 1),
    )
    same(triaging.put({**body, "filter": {"node_ip": "10.12.2.176"}}).json(), changed("Triage set", 0))


def test_setting_again_replaces_and_clearing_removes(triaging: Triaging) -> None:
    triaging.put({"state": "accepted_risk", "reason": "first", "findings": [BYTERANGE_ON_5985]})
    triaging.clock.now = LATER
    by_id = {**BYTERANGE_ON_5985, "node_ip": None, "node_id": 86}
    same(
        triaging.put({"state": "fix_pending", "reason": "second", "findings": [by_id]}).json(),
        {**changed("Triage set", 1), "meta": _meta(LATER)},
    )
    entries = triaging.client.get("/api/v1/triage").json()["triage"]
    assert [(e["state"], e["reason"], e["time"]) for e in entries] == [("fix_pending", "second", LATER)]
    cleared = triaging.delete(
        {"findings": [BYTERANGE_ON_5985, {**BYTERANGE_ON_5985, "exploit_id": 71}]}
    ).json()
    same(cleared, {**changed("Triage cleared", 1), "meta": _meta(LATER)})
    assert triaging.client.get("/api/v1/triage").json()["triage"] == []
    assert [row[-1] for row in triaging.audit()] == ["accepted_risk: first", "fix_pending: second", "cleared"]
    same(triaging.delete({"filter": {}}).json(), {**changed("Triage cleared", 0), "meta": _meta(LATER)})


def test_an_expired_triage_is_listed_as_expired_and_no_longer_applies(triaging: Triaging) -> None:
    until = NOW + 60
    triaging.put(
        {"state": "fix_pending", "reason": "soon", "expires": until, "findings": [BYTERANGE_ON_5985]}
    )
    triaging.clock.now = until
    listed = triaging.client.get("/api/v1/triage?expired=true").json()["triage"]
    assert [(e["expired"], e["expires"]) for e in listed] == [(True, until)]
    assert triaging.client.get("/api/v1/triage?expired=false").json()["triage"] == []
    rows = triaging.client.get("/api/v1/vulnerabilities?include=triage&triage=untriaged").json()[
        "vulnerabilities"
    ]
    assert [(row["id"], row["triage"]) for row in rows] == [(500, None), (501, None), (502, None)]


def test_changes_are_counted_out_of_the_days_totals(triaging: Triaging) -> None:
    triaging.put({"state": "accepted_risk", "reason": "known", "filter": {"min_risk": "low"}})
    with triaging.engine.connect() as connection:
        rows = {row.risk_level: row.open for row in connection.execute(select(daily_totals))}
    assert rows == {"Low": 0, "Medium": 0, "High": 0}
    triaging.delete({"filter": {"exploit_id": 71}})
    with triaging.engine.connect() as connection:
        rows = {row.risk_level: row.open for row in connection.execute(select(daily_totals))}
    assert rows == {"Low": 0, "Medium": 1, "High": 0}  # 502 is stored Medium: open again


@pytest.mark.parametrize("call", ["put", "delete"])
@pytest.mark.parametrize(
    ("headers", "challenge"),
    [
        ({}, "Bearer"),
        ({"Authorization": "Bearer wrong"}, 'Bearer error="invalid_token"'),
        ({"Authorization": "Basic eDp5"}, 'Bearer error="invalid_token"'),
    ],
)
def test_changes_need_a_credential(
    triaging: Triaging, call: str, headers: dict[str, str], challenge: str
) -> None:
    body = {"state": "accepted_risk", "reason": "x", "findings": [BYTERANGE_ON_5985]}
    response = getattr(triaging, call)(body, headers)
    assert response.status_code == 401
    same(response.json(), error("Unauthorized"))
    assert response.headers["www-authenticate"] == challenge
    assert triaging.audit() == []


def test_changes_need_the_operator_role_and_record_who(triaging: Triaging) -> None:
    tokens = issue_tokens(triaging.engine)
    body = {"state": "fix_pending", "reason": "ticket 7", "findings": [BYTERANGE_ON_5985]}
    refused = triaging.put(body, {"Authorization": f"Bearer {tokens.viewer}"})
    assert refused.status_code == 403
    same(refused.json(), error("Forbidden: needs the operator role"))
    for user in ("operator", "admin"):
        response = triaging.put(body, {"Authorization": f"Bearer {getattr(tokens, user)}"})
        same(response.json(), changed("Triage set", 1))
    cleared = triaging.delete({"filter": {}}, {"Authorization": f"Bearer {tokens.operator}"})
    same(cleared.json(), changed("Triage cleared", 1))
    viewer = {"Authorization": f"Bearer {tokens.viewer}"}
    assert triaging.client.get("/api/v1/triage", headers=viewer).status_code == 200
    assert [(row[1], row[5]) for row in triaging.audit() if row[3] == "triage"] == [
        ("operator", "fix_pending: ticket 7"),
        ("admin", "fix_pending: ticket 7"),
        ("operator", "cleared"),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"state": "accepted_risk", "reason": "x", "findings": [{**BYTERANGE_ON_5985, "port": 80}]},
         "Invalid parameter 'findings[0]': no finding of that exploit on that port"),
        ({"state": "accepted_risk", "reason": "x",
          "findings": [BYTERANGE_ON_5985, {**BYTERANGE_ON_5985, "node_ip": "10.9.9.9"}]},
         "Invalid parameter 'findings[1]': no finding of that exploit on that port"),
        ({"state": "accepted_risk", "reason": "x", "expires": NOW, "findings": [BYTERANGE_ON_5985]},
         "Invalid parameter 'expires': it is not in the future"),
    ],
)  # fmt: skip
def test_refusals_change_nothing(triaging: Triaging, body: dict[str, Any], message: str) -> None:
    response = triaging.put(body)
    assert response.status_code == 400
    same(response.json(), error(message))
    assert triaging.client.get("/api/v1/triage").json()["triage"] == []
    assert triaging.audit() == []


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"reason": "x", "findings": [BYTERANGE_ON_5985]}, "state"),
        ({"state": "accepted", "reason": "x", "findings": [BYTERANGE_ON_5985]}, "state"),
        ({"state": "accepted_risk", "findings": [BYTERANGE_ON_5985]}, "reason"),
        ({"state": "accepted_risk", "reason": "   ", "findings": [BYTERANGE_ON_5985]}, "reason"),
        ({"state": "accepted_risk", "reason": "x"}, "findings"),
        (
            {
                "state": "accepted_risk",
                "reason": "x",
                "findings": [],
            },
            "findings",
        ),
        (
            {"state": "accepted_risk", "reason": "x", "findings": [BYTERANGE_ON_5985], "filter": {}},
            "findings",
        ),
        (
            {"state": "accepted_risk", "reason": "x", "findings": [{**BYTERANGE_ON_5985, "node_id": 86}]},
            "findings",
        ),
        (
            {
                "state": "accepted_risk",
                "reason": "x",
                "findings": [{**BYTERANGE_ON_5985, "protocol": "ICMP"}],
            },
            "findings",
        ),
        ({"state": "accepted_risk", "reason": "x", "filter": {"min_risk": "severe"}}, "filter"),
        ({"state": "accepted_risk", "reason": "x", "filter": {"limit": 10}}, "filter"),
        ({"state": "accepted_risk", "reason": "x", "expires": "soon", "filter": {}}, "expires"),
    ],
)
def test_bad_bodies_are_400s_naming_the_parameter(
    triaging: Triaging, body: dict[str, Any], name: str
) -> None:
    response = triaging.put(body)
    assert response.status_code == 400
    assert response.json()["code"].startswith((f"Invalid parameter '{name}'", f"Unknown parameter '{name}'"))


def test_bad_queries(triaging: Triaging) -> None:
    same(
        triaging.client.get("/api/v1/triage?state=done").json(),
        error(
            "Invalid parameter 'state': Input should be 'accepted_risk', 'false_positive' or 'fix_pending'"
        ),
    )
    assert triaging.client.get("/api/v1/vulnerabilities?triage=maybe").status_code == 400
    assert triaging.client.get("/api/v1/vulnerabilities?include=outcome").status_code == 400
    response = triaging.client.put("/api/v1/triage?x=1", json={}, headers=AUTH)
    same(response.json(), error("Unknown parameter 'x'"))


def _meta(at: float) -> dict[str, Any]:
    return {"timestamp": at, "human_timestamp": human(at)}


def test_exports_take_the_triage_filter(triaging: Triaging) -> None:
    triaging.put({"state": "false_positive", "reason": "not ColdFusion", "filter": {"exploit_id": 71}})
    exported = triaging.client.get("/api/v1/export/findings?format=json&triage=untriaged")
    assert exported.status_code == 200
    assert [item["id"] for item in exported.json()] == [500, 501]
    triaged = triaging.client.get("/api/v1/export/findings?format=json&triage=false_positive").json()
    assert [item["id"] for item in triaged] == [502]
