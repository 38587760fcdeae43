"""The export links of the findings and hosts pages: each file holds exactly the rows the API's
list gives for the same filters: every stored report of the findings the page shows (the page shows
each finding once, with its newest report)."""

import csv
import io
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.web.html import link
from tests.web.routes.test_findings import finding_ids

# The links are the same on both backends; the export queries run on PostgreSQL in tests/export and
# tests/api/test_exports.py.
pytestmark = pytest.mark.backends("sqlite")


def api_ids(client: TestClient, export_url: str) -> list[int]:
    """The ids the API's vulnerability list gives for the export's filters (all pages)."""
    parts = urlsplit(export_url)
    filters = [(name, value) for name, value in parse_qsl(parts.query) if name != "format"]
    body = client.get("/api/v1/vulnerabilities", params=[*filters, ("limit", "1000")]).json()
    return sorted(item["id"] for item in body["vulnerabilities"])


@pytest.mark.parametrize(
    ("query", "older"),
    [
        ("", []),
        ("host=10.12.2.175&port=5985", []),
        ("risk=High", []),
        ("info=1", []),
        ("cve=3192", []),
        # 500 is an older (expired) report of the finding whose newest report is 501.
        ("state=all&min_risk=Medium", [500]),
    ],
)
def test_a_findings_export_holds_the_filtered_rows(pages: TestClient, query: str, older: list[int]) -> None:
    page = pages.get(f"/findings?{query}").text
    url = link(page, "JSON")
    exported = pages.get(url)
    assert exported.status_code == 200
    ids = sorted(row["id"] for row in json.loads(exported.text))
    assert ids == api_ids(pages, url) == sorted(finding_ids(page) + older)
    rows = list(csv.DictReader(io.StringIO(pages.get(link(page, "CSV")).text)))
    assert sorted(int(row["id"]) for row in rows) == ids


def test_a_hosts_export_holds_the_hosts_open_ports(pages: TestClient) -> None:
    page = pages.get("/hosts?host=10.12.2.175").text
    exported = json.loads(pages.get(link(page, "JSON")).text)
    assert {(row["port"]["node"]["ip"], row["port"]["port_number"]) for row in exported} == {
        ("10.12.2.175", 5985)
    }
    everyone = json.loads(pages.get(link(pages.get("/hosts").text, "JSON")).text)
    assert {(row["port"]["node"]["ip"], row["port"]["port_number"]) for row in everyone} == {
        ("10.12.2.175", 5985),
        ("10.12.2.176", 80),
    }
