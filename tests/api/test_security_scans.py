"""Security scans beyond the seed: other rows, every filter, navigation with filters."""

import pytest
from fastapi.testclient import TestClient

from tests.api.expected import API, EXPLOIT_71, META, OTHER_NODE, error, navigation, port, same, scan

FILLERS = list(range(12001, 12026))
ALL = [12400, *FILLERS, 12482, 12483, 12484]


def ids(client: TestClient, query: str) -> list[int]:
    """The ids listed for a query (all on one page)."""
    response = client.get(f"/api/v1/sec_scans?limit=1000&{query}")
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["security_scans"]]


def test_running_security_scan_detail(client: TestClient) -> None:
    body = client.get("/api/v1/sec_scan/12484").json()
    same(
        body,
        {
            "id": 12484,
            "url": f"{API}/sec_scan/12484",
            "port": port(80, OTHER_NODE),
            "scan": scan(950),
            "scan_end": None,
            "scan_end_human": None,
            "scan_start": 1508506200,
            "scan_start_human": "2017-10-20T13:30:00+00:00",
            "exploit": EXPLOIT_71,
            "scan_url": f"{API}/scan/950",
            "scans": [scan(950)],
            "meta": META,
        },
    )


def test_first_page_in_insertion_order(client: TestClient) -> None:
    body = client.get("/api/v1/sec_scans?limit=2").json()
    assert [row["id"] for row in body["security_scans"]] == [12400, 12001]
    same(body["navigation"], navigation(2, 0, f"{API}/sec_scans?limit=2&page=1", None))


def test_unfiltered_list_is_everything_in_order(client: TestClient) -> None:
    assert ids(client, "") == ALL


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("node_ip=10.12.2.175", [12400, 12482, 12483]),
        ("node_id=87", [*FILLERS, 12484]),
        ("port=5985", [12400, 12482, 12483]),
        ("protocol=TCP", ALL),
        ("protocol=tcp", ALL),
        ("protocol=UDP", []),
        ("exploit_id=72", [12400, 12483]),
        ("exploit_app=nmap", ALL),
        ("exploit_app=hydra", []),
        ("exploit_name=http-vuln-cve2011-3192", [12400, 12483]),
        ("scan_id=931", [12400]),
        ("scanner=tcp", [12484]),
        ("since=1508506200", [12484]),
        ("until=1508504000", [12400]),
        ("since=1508504395.823977&until=1508504396", [12482, 12483]),
        ("node_id=86&exploit_id=72", [12400, 12483]),
        ("node_id=86&scanner=tools_basic", [12400]),
    ],
)
def test_filters(client: TestClient, query: str, expected: list[int]) -> None:
    assert ids(client, query) == expected


def test_filtered_pages_keep_the_filter_in_links(client: TestClient) -> None:
    body = client.get("/api/v1/security_scans?exploit_id=72&limit=1&page=1").json()
    assert [row["id"] for row in body["security_scans"]] == [12483]
    same(
        body["navigation"],
        navigation(1, 1, None, f"{API}/security_scans?limit=1&page=0&exploit_id=72"),
    )
    first = client.get("/api/v1/sec_scans?limit=1&exploit_id=72").json()["navigation"]
    assert first["next_page"] == f"{API}/sec_scans?limit=1&page=1&exploit_id=72"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("node_ip=10.12.2", "node_ip"),
        ("node_id=-1", "node_id"),
        ("node_id=99999999999999999999", "node_id"),
        ("port=65536", "port"),
        ("protocol=ICMP", "protocol"),
        ("exploit_id=x", "exploit_id"),
        ("exploit_app=", "exploit_app"),
        ("exploit_name=a%00b", "exploit_name"),
        ("scan_id=1.5", "scan_id"),
        ("since=yesterday", "since"),
        ("until=nan", "until"),
        ("since=inf", "since"),
    ],
)
def test_bad_filter_values_are_named(client: TestClient, query: str, name: str) -> None:
    response = client.get(f"/api/v1/sec_scans?{query}")
    assert response.status_code == 400
    assert response.json()["code"].startswith(f"Invalid parameter '{name}': ")


def test_unknown_filter(client: TestClient) -> None:
    response = client.get("/api/v1/sec_scans?risk_level=High")
    assert response.status_code == 400
    same(response.json(), error("Unknown parameter 'risk_level'"))
