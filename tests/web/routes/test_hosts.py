"""`GET /hosts` and `GET /hosts/{address}`: the search narrows the list, each host links to its
page, the page shows ports with their history, findings with age and evidence, the freshness grid
and the timeline; an unknown host is a 404 page."""

import re

import pytest
from fastapi.testclient import TestClient

from aucote.storage.queries.findings import PREVIEW
from aucote.web.pages import PAGE_POLICY
from tests.support.seed_data import LONG_OUTPUT
from tests.web.html import link, links, rows

HOST = re.compile(r"^/hosts/([0-9a-f.:]+)$")
NOT_CONFIGURED = "not scheduled tools_advanced is not a configured scanner"
"""The seed's app has no configuration and no scanning service (the next due is tested in
test_host_due.py)."""


def host_addresses(page: str) -> list[str]:
    """The hosts listed, in order."""
    return [found.group(1) for text, href in links(page) if (found := HOST.match(href))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["10.12.2.175", "10.12.2.176"]),
        ("host=10.12.2.176", ["10.12.2.176"]),
        ("host=10.12.2.0/24", ["10.12.2.175", "10.12.2.176"]),
        ("host=10.12.2.174/31", ["10.12.2.175"]),
        ("host=192.0.2.0/24", []),
        ("port=80", ["10.12.2.176"]),
        ("port=5985&protocol=TCP", ["10.12.2.175"]),
        ("port=5985&protocol=UDP", []),
        ("service=HTTP", ["10.12.2.175"]),
        ("product=HTTPAPI", ["10.12.2.175"]),
        ("product=nginx", []),
        ("cve=CVE-2011-3192", ["10.12.2.175"]),
        ("cve=CVE-2010-2861", []),
    ],
)
def test_search_narrows_the_list(pages: TestClient, query: str, expected: list[str]) -> None:
    response = pages.get(f"/hosts?{query}")
    assert response.status_code == 200
    assert host_addresses(response.text) == expected


def test_list_rows(pages: TestClient) -> None:
    table = rows(pages.get("/hosts").text)
    assert table == [
        ["Address", "Open ports", "Current findings", "First seen", "Last scanned"],
        ["10.12.2.175", "5985/TCP", "High 1 Medium 1", "3 d ago", "3 d ago"],
        ["10.12.2.176", "80/TCP", "Low 1", "3 d ago", "3 d ago"],
    ]


def test_keyset_pages(pages: TestClient) -> None:
    first = pages.get("/hosts?limit=1").text
    assert host_addresses(first) == ["10.12.2.175"]
    second = pages.get(link(first, "Next")).text
    assert host_addresses(second) == ["10.12.2.176"]
    assert host_addresses(pages.get(link(second, "Previous")).text) == ["10.12.2.175"]


def test_export_links(pages: TestClient) -> None:
    page = pages.get("/hosts?host=10.12.2.175&port=5985&service=http").text
    assert link(page, "CSV") == "/api/v1/export/hosts?format=csv&node_ip=10.12.2.175&port=5985"
    assert "leaves out the service filter" in page


def test_host_page(pages: TestClient) -> None:
    response = pages.get("/hosts/10.12.2.175")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == PAGE_POLICY
    table = rows(response.text)
    assert ["5985/TCP", "open", "http", "Microsoft HTTPAPI httpd 2.0", "", "3 d ago", "3 d ago"] in table
    # Current findings, highest risk first, with their age and evidence.
    assert ["High", "Apache byterange filter DoS http-vuln-cve2011-3192 · CVE-2011-3192", "5985/TCP", "3 d",
            "3 d ago", " ".join(LONG_OUTPUT[:PREVIEW].split())] in table  # fmt: skip
    assert ["Medium", "ColdFusion directory traversal http-vuln-cve2010-2861", "5985/TCP", "3 d", "3 d ago",
            "maybe"] in table  # fmt: skip
    # The freshness grid: the newest run of each check on each port.
    assert ["5985/TCP", "http-vuln-cve2011-3192 nmap", "3 d ago", "DONE", "", "17 min", "3 d ago",
            NOT_CONFIGURED, "tools_advanced #942"] in table  # fmt: skip
    assert link(response.text, "tools_advanced #942") == "/scans/942"
    assert "port 5985/TCP opened" in response.text
    assert "http-vuln-cve2011-3192 found on 5985/TCP" in response.text


def test_grid_shows_outcome_and_reason(pages: TestClient) -> None:
    table = rows(pages.get("/hosts/10.12.2.176").text)
    assert ["8101/TCP", "x-frame-options aucote-http-headers", "3 d ago", "FAILED",
            "script_error ERROR: Script execution failed (use -d to debug)", "1.25 s", "—",
            NOT_CONFIGURED, "tools_advanced #942"] in table  # fmt: skip
    assert ["8103/TCP", "x-frame-options aucote-http-headers", "—", "SKIPPED",
            "intrusive_disabled intrusive checks are off", "—", "—",
            NOT_CONFIGURED, "tools_advanced #942"] in table  # fmt: skip
    assert ["80/TCP", "http-vuln-cve2010-2861 nmap", "3 d ago", "RUNNING", "", "—", "—",
            "not scheduled tcp is not a configured scanner", "tcp #950"] in table  # fmt: skip


def test_finding_links_lead_to_the_finding(pages: TestClient) -> None:
    page = pages.get("/hosts/10.12.2.176").text
    assert link(page, "Missing X-Frame-Options") == "/findings/601"
    assert link(pages.get("/findings").text, "10.12.2.176") == "/hosts/10.12.2.176"


@pytest.mark.parametrize("address", ["10.12.2.177", "not-an-address", "::1"])
def test_unknown_host(pages: TestClient, address: str) -> None:
    response = pages.get(f"/hosts/{address}")
    assert response.status_code == 404
    assert f"Host {address} not found." in response.text
