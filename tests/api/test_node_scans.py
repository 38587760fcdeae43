"""Node scans (`/nodes`)."""

import pytest
from fastapi.testclient import TestClient

from tests.api.expected import API, META, error, navigation, same, scan


def summary(row_id: int, node_id: int, ip: str) -> dict[str, object]:
    """A node scan as listed (every seeded node scan belongs to a tcp scan)."""
    return {"id": row_id, "url": f"{API}/node/{row_id}", "node_id": node_id, "ip": ip, "scan": "tcp"}


def test_list(client: TestClient) -> None:
    same(
        client.get("/api/v1/nodes").json(),
        {
            "nodes": [
                summary(3, 86, "10.12.2.175"),
                summary(2, 87, "10.12.2.176"),
                summary(1, 86, "10.12.2.175"),
            ],
            "navigation": navigation(10, 0, None, None),
            "meta": META,
        },
    )


def test_detail(client: TestClient) -> None:
    same(
        client.get("/api/v1/node/1").json(),
        {
            "id": 1,
            "url": f"{API}/node/1",
            "node_id": 86,
            "ip": "10.12.2.175",
            "scan": scan(930),
            "scans": [scan(950), scan(930)],
            "meta": META,
        },
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scan_id=950", [3]),
        ("node_id=87", [2]),
        ("node_ip=10.12.2.175", [3, 1]),
        ("scanner=tools_basic", []),
        ("since=1508506000", [3]),
        ("until=1508506000", [2, 1]),
    ],
)
def test_filters(client: TestClient, query: str, expected: list[int]) -> None:
    body = client.get(f"/api/v1/nodes?{query}").json()
    assert [row["id"] for row in body["nodes"]] == expected


def test_unknown_node_scan(client: TestClient) -> None:
    response = client.get("/api/v1/node/99")
    assert response.status_code == 404
    same(response.json(), error("Node scan not found"))
