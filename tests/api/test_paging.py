"""Paging edges, on a seq-paged list (security scans) and OFFSET-paged ones."""

import pytest
from fastapi.testclient import TestClient

from tests.api.expected import API, navigation, same

LISTS = [
    ("/api/v1/sec_scans", "security_scans"),
    ("/api/v1/security_scans", "security_scans"),
    ("/api/v1/scans", "scans"),
    ("/api/v1/nodes", "nodes"),
    ("/api/v1/ports", "ports"),
    ("/api/v1/vulnerabilities", "vulnerabilities"),
    ("/api/v1/exploits", "exploits"),
    ("/api/v1/changes", "changes"),
]


def test_last_page_has_no_next(client: TestClient) -> None:
    body = client.get("/api/v1/sec_scans?limit=2&page=14").json()
    assert [row["id"] for row in body["security_scans"]] == [12484]
    same(body["navigation"], navigation(2, 14, None, f"{API}/sec_scans?limit=2&page=13"))


def test_exactly_full_last_page_has_no_next(client: TestClient) -> None:
    body = client.get("/api/v1/scans?limit=2&page=1").json()
    assert [row["id"] for row in body["scans"]] == [931, 930]
    same(body["navigation"], navigation(2, 1, None, f"{API}/scans?limit=2&page=0"))


@pytest.mark.parametrize(("path", "key"), LISTS)
def test_page_past_the_end(client: TestClient, path: str, key: str) -> None:
    body = client.get(f"{path}?page=50").json()
    assert body[key] == []
    same(
        body["navigation"], navigation(10, 50, None, f"{API}{path.removeprefix('/api/v1')}?limit=10&page=49")
    )


@pytest.mark.parametrize(("path", "key"), LISTS)
def test_empty_tables(empty_client: TestClient, path: str, key: str) -> None:
    body = empty_client.get(path).json()
    assert body[key] == []
    same(body["navigation"], navigation(10, 0, None, None))


def test_deepest_allowed_page(client: TestClient) -> None:
    body = client.get("/api/v1/sec_scans?limit=1000&page=10000000").json()
    assert body["security_scans"] == []
    assert body["navigation"]["previous_page"] == f"{API}/sec_scans?limit=1000&page=9999999"


def test_largest_limit(client: TestClient) -> None:
    body = client.get("/api/v1/sec_scans?limit=1000").json()
    assert len(body["security_scans"]) == 29
    same(body["navigation"], navigation(1000, 0, None, None))


@pytest.mark.parametrize("path", [path for path, _key in LISTS])
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("limit=1001", "limit"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=", "limit"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=10000001", "page"),
        ("page=99999999999999999999999", "page"),
    ],
)
def test_bad_paging_is_named(client: TestClient, path: str, query: str, name: str) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.json()["code"].startswith(f"Invalid parameter '{name}': ")
