"""The seed documents are the contract: their example responses, byte for byte in keys, values and
key order. The clock is set to each document's own meta timestamp, so meta matches too."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from tests.api.conftest import BASE
from tests.api.expected import same

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


def seed_body(name: str) -> dict[str, Any]:
    """The JSON response shown in a seed document."""
    text = (SEEDS / name).read_text()
    [block] = re.findall(r"```json\n(.*?)```", text, re.DOTALL)
    body: dict[str, Any] = json.loads(block)
    return body


def client_at(engine: Engine, body: dict[str, Any]) -> TestClient:
    """A client whose clock shows the document's meta timestamp."""
    timestamp = body["meta"]["timestamp"]
    return TestClient(create_app(engine, clock=lambda: timestamp), base_url=BASE)


def test_security_scan_detail_is_the_seed(seeded: Engine) -> None:
    expected = seed_body("security_scan.md")
    with client_at(seeded, expected) as client:
        response = client.get("/api/v1/sec_scan/12483")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    same(response.json(), expected)


def test_security_scan_list_is_the_seed(seeded: Engine) -> None:
    expected = seed_body("security_scans.md")
    with client_at(seeded, expected) as client:
        response = client.get("/api/v1/security_scans?limit=2&page=13")
    assert response.status_code == 200
    same(response.json(), expected)


@pytest.mark.parametrize("path", ["/api/v1/sec_scans", "/api/v1/sec_scans/"])
def test_seed_list_path_links_to_itself(seeded: Engine, path: str) -> None:
    expected = seed_body("security_scans.md")
    expected["navigation"]["next_page"] = f"{BASE}/api/v1/sec_scans?limit=2&page=14"
    expected["navigation"]["previous_page"] = f"{BASE}/api/v1/sec_scans?limit=2&page=12"
    with client_at(seeded, expected) as client:
        response = client.get(f"{path}?limit=2&page=13")
    assert response.status_code == 200
    same(response.json(), expected)


def test_seed_documents_are_stored_copies() -> None:
    """The seed's own statements this suite relies on."""
    detail = seed_body("security_scan.md")
    assert [scan["id"] for scan in detail["scans"]] == [942, 931]
    assert seed_body("security_scans.md")["navigation"]["page"] == 13
