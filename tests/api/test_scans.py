"""Scans: list newest first, detail with status, counts and links."""

import pytest
from fastapi.testclient import TestClient

from tests.api.expected import API, META, error, navigation, same, scan


def test_list(client: TestClient) -> None:
    same(
        client.get("/api/v1/scans").json(),
        {
            "scans": [scan(950), scan(942), scan(931), scan(930)],
            "navigation": navigation(10, 0, None, None),
            "meta": META,
        },
    )


def detail(scan_id: int, status: str, counts: tuple[int, int, int, int]) -> dict[str, object]:
    """The expected detail of a seeded scan."""
    nodes, ports, security_scans, vulnerabilities = counts
    return {
        **scan(scan_id),
        "status": status,
        "nodes": nodes,
        "ports": ports,
        "security_scans": security_scans,
        "vulnerabilities": vulnerabilities,
        "nodes_url": f"{API}/nodes?scan_id={scan_id}",
        "ports_url": f"{API}/ports?scan_id={scan_id}",
        "security_scans_url": f"{API}/sec_scans?scan_id={scan_id}",
        "vulnerabilities_url": f"{API}/vulnerabilities?scan_id={scan_id}",
        "meta": META,
    }


@pytest.mark.parametrize(
    ("scan_id", "status", "counts"),
    [
        (942, "DONE", (0, 0, 27, 2)),
        (931, "DONE", (0, 0, 1, 1)),
        (930, "DONE", (2, 2, 0, 0)),
        (950, "IN PROGRESS", (1, 1, 1, 0)),
    ],
)
def test_detail(client: TestClient, scan_id: int, status: str, counts: tuple[int, int, int, int]) -> None:
    same(client.get(f"/api/v1/scan/{scan_id}").json(), detail(scan_id, status, counts))


def test_detail_links_list_the_scans_rows(client: TestClient) -> None:
    body = client.get("/api/v1/scan/930").json()
    listed = client.get(body["ports_url"].removeprefix("http://localhost:1235")).json()
    assert [row["id"] for row in listed["ports"]] == [701, 700]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scanner=tcp", [950, 930]),
        ("status=DONE", [942, 931, 930]),
        ("status=IN%20PROGRESS", [950]),
        ("since=1508504400.6845937", [950, 942]),
        ("until=1508503680.2786627", [930]),
        ("scanner=tcp&status=DONE", [930]),
    ],
)
def test_filters(client: TestClient, query: str, expected: list[int]) -> None:
    body = client.get(f"/api/v1/scans?{query}").json()
    assert [row["id"] for row in body["scans"]] == expected


def test_bad_status(client: TestClient) -> None:
    response = client.get("/api/v1/scans?status=done")
    assert response.status_code == 400
    assert response.json()["code"].startswith("Invalid parameter 'status'")


def test_unknown_scan(client: TestClient) -> None:
    response = client.get("/api/v1/scan/1")
    assert response.status_code == 404
    same(response.json(), error("Scan not found"))
