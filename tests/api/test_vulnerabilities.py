"""Vulnerabilities: list (output preview), detail (whole output, history), filters."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.expected import (
    API,
    EXPLOIT_71,
    EXPLOIT_72,
    META,
    OTHER_NODE,
    error,
    navigation,
    port,
    same,
    scan,
)
from tests.support.seed_data import LONG_OUTPUT

BYTERANGE = {"cve": "CVE-2011-3192", "cvss": 7.8, "risk_level": "High"}
# id → scan, exploit, cve/cvss/risk, time, human time, expiration, human expiration
FINDINGS: dict[int, tuple[Any, ...]] = {
    500: (931, EXPLOIT_72, BYTERANGE, 1508503687, "2017-10-20T12:48:07+00:00",
          1508504395.823977, "2017-10-20T12:59:55.823977+00:00"),
    501: (942, EXPLOIT_72, BYTERANGE, 1508505422, "2017-10-20T13:17:02+00:00", None, None),
    502: (942, EXPLOIT_71, {"cve": None, "cvss": None, "risk_level": "Medium"}, 1508505422.5,
          "2017-10-20T13:17:02.500000+00:00", None, None),
}  # fmt: skip


def finding(row_id: int, output: str) -> dict[str, object]:
    """A seeded finding as listed, with the given output."""
    scan_id, exploit, risk, time, time_human, expired, expired_human = FINDINGS[row_id]
    return {
        "id": row_id,
        "url": f"{API}/vulnerability/{row_id}",
        "port": port(5985),
        "scan": scan(scan_id),
        "exploit": exploit,
        "output": output,
        **risk,
        "time": time,
        "time_human": time_human,
        "expired": expired,
        "expired_human": expired_human,
    }


def test_list_cuts_outputs(client: TestClient) -> None:
    same(
        client.get("/api/v1/vulnerabilities").json(),
        {
            "vulnerabilities": [
                finding(500, "VULNERABLE"),
                finding(501, LONG_OUTPUT[:100]),
                finding(502, "maybe"),
            ],
            "navigation": navigation(10, 0, None, None),
            "meta": META,
        },
    )


def test_detail(client: TestClient) -> None:
    same(
        client.get("/api/v1/vulnerability/501").json(),
        {
            **finding(501, LONG_OUTPUT),
            "security_scan_url": f"{API}/sec_scan/12483",
            "scans": [scan(942), scan(931)],
            "meta": META,
        },
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("expired=true", [500]),
        ("expired=false", [501, 502]),
        ("risk_level=Medium", [502]),
        ("cve=2011-3192", [500, 501]),
        ("cve=CVE-2010", []),
        ("cve=%25", []),
        ("exploit_id=71", [502]),
        ("exploit_app=nmap", [500, 501, 502]),
        ("exploit_name=http-vuln-cve2010-2861", [502]),
        ("scan_id=942", [501, 502]),
        ("scanner=tools_basic", [500]),
        ("node_id=86", [500, 501, 502]),
        ("node_ip=10.12.2.176", []),
        ("port=5985", [500, 501, 502]),
        ("protocol=TCP", [500, 501, 502]),
        ("since=1508505422", [501, 502]),
        ("until=1508505422", [500]),
        ("exploit_id=72&expired=false", [501]),
    ],
)
def test_filters(client: TestClient, query: str, expected: list[int]) -> None:
    body = client.get(f"/api/v1/vulnerabilities?{query}").json()
    assert [row["id"] for row in body["vulnerabilities"]] == expected


@pytest.mark.parametrize(("query", "name"), [("risk_level=high", "risk_level"), ("expired=maybe", "expired")])
def test_bad_values(client: TestClient, query: str, name: str) -> None:
    response = client.get(f"/api/v1/vulnerabilities?{query}")
    assert response.status_code == 400
    assert response.json()["code"].startswith(f"Invalid parameter '{name}'")


def test_unknown_vulnerability(client: TestClient) -> None:
    response = client.get("/api/v1/vulnerability/1")
    assert response.status_code == 404
    same(response.json(), error("Vulnerability not found"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [500, 501, 502, 600, 601]),  # informational (risk None) findings stay listed
        ("min_risk=None", [500, 501, 502, 600, 601]),
        ("min_risk=low", [500, 501, 502, 601]),
        ("min_risk=LOW", [500, 501, 502, 601]),
        ("min_risk=Medium", [500, 501, 502]),
        ("min_risk=high", [500, 501]),
        ("min_risk=Low&risk_level=None", []),
        ("min_risk=Low&exploit_id=140", [601]),
        ("min_risk=low&expired=false", [501, 502, 601]),
    ],
)
def test_min_risk(outcomes_client: TestClient, query: str, expected: list[int]) -> None:
    body = outcomes_client.get(f"/api/v1/vulnerabilities?limit=1000&{query}").json()
    assert [row["id"] for row in body["vulnerabilities"]] == expected


def test_min_risk_is_kept_in_the_links(outcomes_client: TestClient) -> None:
    body = outcomes_client.get("/api/v1/vulnerabilities?min_risk=low&limit=2").json()
    assert [row["id"] for row in body["vulnerabilities"]] == [500, 501]
    same(body["navigation"], navigation(2, 0, f"{API}/vulnerabilities?limit=2&page=1&min_risk=low", None))
    following = outcomes_client.get(body["navigation"]["next_page"]).json()
    assert [row["id"] for row in following["vulnerabilities"]] == [502, 601]
    assert following["navigation"]["next_page"] is None


def test_an_informational_finding_as_listed(outcomes_client: TestClient) -> None:
    body = outcomes_client.get("/api/v1/vulnerabilities?risk_level=None").json()
    same(
        body["vulnerabilities"],
        [
            {
                "id": 600,
                "url": f"{API}/vulnerability/600",
                "port": port(8106, OTHER_NODE),
                "scan": scan(942),
                "exploit": {"id": 140, "app": "aucote-http-headers", "name": "x-frame-options"},
                "output": "Server: nginx/1.24.0",
                "cve": None,
                "cvss": None,
                "risk_level": "None",
                "time": 1508504412,
                "time_human": "2017-10-20T13:00:12+00:00",
                "expired": None,
                "expired_human": None,
            }
        ],
    )


@pytest.mark.parametrize("value", ["Critical", "", "1", "lowest"])
def test_bad_min_risk_is_named(client: TestClient, value: str) -> None:
    response = client.get(f"/api/v1/vulnerabilities?min_risk={value}")
    assert response.status_code == 400
    assert response.json()["code"].startswith("Invalid parameter 'min_risk': ")
