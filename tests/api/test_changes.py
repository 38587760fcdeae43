"""Changes."""

import pytest
from fastapi.testclient import TestClient

from tests.api.expected import API, EXPLOIT_72, META, NODE, OTHER_NODE, error, navigation, same, scan

CHANGES = {
    1: {"id": 1, "url": f"{API}/change/1", "kind": "port_opened", "time": 1508503600.25,
        "time_human": "2017-10-20T12:46:40.250000+00:00", "scan": scan(930), "previous_scan_url": None,
        "node": NODE, "port_number": 5985, "protocol": "TCP", "exploit": None, "previous_value": None,
        "current_value": "5985/TCP"},
    2: {"id": 2, "url": f"{API}/change/2", "kind": "port_closed", "time": 1508506300,
        "time_human": "2017-10-20T13:31:40+00:00", "scan": scan(950), "previous_scan_url": f"{API}/scan/930",
        "node": OTHER_NODE, "port_number": 80, "protocol": "TCP", "exploit": None,
        "previous_value": "80/TCP", "current_value": None},
    3: {"id": 3, "url": f"{API}/change/3", "kind": "vulnerability_appeared", "time": 1508505422,
        "time_human": "2017-10-20T13:17:02+00:00", "scan": scan(942), "previous_scan_url": None,
        "node": NODE, "port_number": 5985, "protocol": "TCP", "exploit": EXPLOIT_72, "previous_value": None,
        "current_value": "VULNERABLE"},
}  # fmt: skip


def test_list_newest_first(client: TestClient) -> None:
    same(
        client.get("/api/v1/changes").json(),
        {
            "changes": [CHANGES[2], CHANGES[3], CHANGES[1]],
            "navigation": navigation(10, 0, None, None),
            "meta": META,
        },
    )


def test_detail(client: TestClient) -> None:
    same(client.get("/api/v1/change/3").json(), {**CHANGES[3], "meta": META})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scan_id=942", [3]),
        ("node_id=87", [2]),
        ("node_ip=10.12.2.175", [3, 1]),
        ("port=80", [2]),
        ("protocol=TCP", [2, 3, 1]),
        ("protocol=SCTP", []),
        ("kind=port_opened", [1]),
        ("since=1508505422", [2, 3]),
        ("until=1508505422", [1]),
    ],
)
def test_filters(client: TestClient, query: str, expected: list[int]) -> None:
    body = client.get(f"/api/v1/changes?{query}").json()
    assert [row["id"] for row in body["changes"]] == expected


def test_unknown_change(client: TestClient) -> None:
    response = client.get("/api/v1/change/9")
    assert response.status_code == 404
    same(response.json(), error("Change not found"))
