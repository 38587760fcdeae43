"""Port scans (`/ports`)."""

import pytest
from fastapi.testclient import TestClient

from tests.api.expected import API, META, NODE, OTHER_NODE, error, navigation, port, same, scan


def summary(row_id: int, number: int, node: dict[str, object], time: float, human: str) -> dict[str, object]:
    """A port scan as listed (every seeded port scan belongs to a tcp scan)."""
    return {
        "id": row_id,
        "url": f"{API}/port/{row_id}",
        "port": port(number, node),
        "timestamp": time,
        "timestamp_human": human,
        "scan": "tcp",
    }


def test_list(client: TestClient) -> None:
    same(
        client.get("/api/v1/ports").json(),
        {
            "ports": [
                summary(702, 5985, NODE, 1508506100, "2017-10-20T13:28:20+00:00"),
                summary(701, 80, OTHER_NODE, 1508503200.5, "2017-10-20T12:40:00.500000+00:00"),
                summary(700, 5985, NODE, 1508503100, "2017-10-20T12:38:20+00:00"),
            ],
            "navigation": navigation(10, 0, None, None),
            "meta": META,
        },
    )


def test_detail_with_service(client: TestClient) -> None:
    same(
        client.get("/api/v1/port/700").json(),
        {
            "id": 700,
            "url": f"{API}/port/700",
            "timestamp": 1508503100,
            "timestamp_human": "2017-10-20T12:38:20+00:00",
            "port_number": 5985,
            "protocol": "TCP",
            "node": NODE,
            "service": {
                "name": "http",
                "product": "Microsoft HTTPAPI httpd",
                "version": "2.0",
                "cpe": "cpe:/o:microsoft:windows",
                "banner": None,
            },
            "scan": scan(930),
            "scans": [scan(950), scan(930)],
            "meta": META,
        },
    )


def test_detail_without_service(client: TestClient) -> None:
    body = client.get("/api/v1/port/701").json()
    assert body["service"] is None
    assert body["scans"] == [scan(930)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scan_id=930", [701, 700]),
        ("node_id=86", [702, 700]),
        ("node_ip=10.12.2.176", [701]),
        ("port=80", [701]),
        ("protocol=UDP", []),
        ("scanner=tcp", [702, 701, 700]),
        ("since=1508503150", [702, 701]),
        ("until=1508503150", [700]),
    ],
)
def test_filters(client: TestClient, query: str, expected: list[int]) -> None:
    body = client.get(f"/api/v1/ports?{query}").json()
    assert [row["id"] for row in body["ports"]] == expected


def test_unknown_port_scan(client: TestClient) -> None:
    response = client.get("/api/v1/port/1")
    assert response.status_code == 404
    same(response.json(), error("Port scan not found"))
