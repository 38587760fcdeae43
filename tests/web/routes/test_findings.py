"""`GET /findings`: each finding once (its newest report), current and not informational unless
asked, every filter narrowing the table, keyset pages both ways, export links with the filters,
a 400 page naming a bad parameter."""

import re

import pytest
from fastapi.testclient import TestClient

from aucote.web.pages import PAGE_POLICY
from tests.web.html import link, links

FINDING = re.compile(r"^/findings/(\d+)$")


def finding_ids(page: str) -> list[int]:
    """The findings listed, in order."""
    return [int(found.group(1)) for _, href in links(page) if (found := FINDING.match(href))]


def listed(client: TestClient, query: str) -> list[int]:
    response = client.get(f"/findings?{query}")
    assert response.status_code == 200, response.text
    return finding_ids(response.text)


def test_current_findings_newest_first_each_once(pages: TestClient) -> None:
    response = pages.get("/findings")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert "<script>" not in response.text
    # 500 is an older (expired) report of the finding 501 reports again; 600 is informational.
    assert finding_ids(response.text) == [601, 502, 501]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("info=1", [601, 600, 502, 501]),
        ("state=all", [601, 502, 501]),
        ("state=expired", []),
        ("risk=High", [501]),
        ("risk=none", [600]),
        ("min_risk=medium", [502, 501]),
        ("exploit=frame", [601]),
        ("exploit=ColdFusion", [502]),
        ("cve=2011-3192", [501]),
        ("host=10.12.2.176", [601]),
        ("host=10.12.2.175/27", [601, 502, 501]),
        ("host=10.12.2.175/31", [502, 501]),
        ("host=10.12.3.0/24", []),
        ("port=5985", [502, 501]),
        ("port=5985&protocol=udp", []),
        ("scanner=tools_advanced", [601, 502, 501]),
        ("scanner=tcp", []),
        ("first_seen=2017-10-20", [601, 502, 501]),
        ("first_seen=2017-10-21", []),
        ("triage=untriaged", [601, 502, 501]),
        ("triage=Triaged", []),
        ("triage=changed", []),
        ("sort=oldest", [501, 502, 601]),
        ("sort=risk", [501, 502, 601]),
        ("sort=host", [501, 502, 601]),
        ("sort=cvss", [501, 601, 502]),
        ("risk=&cve=&host=", [601, 502, 501]),
    ],
)
def test_filters_and_orders(pages: TestClient, query: str, expected: list[int]) -> None:
    assert listed(pages, query) == expected


def test_keyset_pages_both_ways(pages: TestClient) -> None:
    first = pages.get("/findings?info=1&limit=2&sort=risk").text
    assert finding_ids(first) == [501, 502]
    second = pages.get(link(first, "Next")).text
    assert finding_ids(second) == [601, 600]
    assert "Next" not in [text for text, _ in links(second)]
    back = pages.get(link(second, "Previous")).text
    assert finding_ids(back) == [501, 502]
    assert "Previous" not in [text for text, _ in links(back)]
    assert link(second, "First page") == "/findings?limit=2&info=1&sort=risk"


def test_sort_links_keep_the_filters(pages: TestClient) -> None:
    page = pages.get("/findings?port=5985&risk=High").text
    assert link(page, "Oldest") == "/findings?risk=High&port=5985&sort=oldest"


def test_export_links_carry_the_filters(pages: TestClient) -> None:
    page = pages.get("/findings?host=10.12.2.175&port=5985&protocol=tcp&cve=3192&state=open").text
    assert link(page, "CSV") == (
        "/api/v1/export/findings?format=csv&node_ip=10.12.2.175&port=5985&protocol=TCP&cve=3192"
        "&min_risk=Low&expired=0"
    )
    assert link(page, "SARIF").startswith("/api/v1/export/findings?format=sarif&")
    triaged = pages.get("/findings?triage=fix_pending&risk=high").text
    assert (
        link(triaged, "CSV")
        == "/api/v1/export/findings?format=csv&risk_level=High&expired=0&triage=fix_pending"
    )
    network = pages.get("/findings?host=10.12.2.0/24&exploit=frame&info=1&state=all").text
    assert link(network, "JSON") == "/api/v1/export/findings?format=json&min_risk=None"
    assert "leaves out the network, exploit filters" in network


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("port=70000", "Invalid parameter &#39;port&#39;"),
        ("host=10.1.2", "Invalid parameter &#39;host&#39;"),
        ("risk=Severe", "Invalid parameter &#39;risk&#39;"),
        ("sort=risk&after=12", "Invalid parameter &#39;after&#39;: expected 2 parts"),
        ("after=x", "Invalid parameter &#39;after&#39;"),
        ("limit=0", "Invalid parameter &#39;limit&#39;"),
        ("colour=red", "Invalid parameter &#39;colour&#39;: unknown parameter"),
        ("triage=ignored", "Invalid parameter &#39;triage&#39;"),
        ("triaged=maybe", "Invalid parameter &#39;triaged&#39;"),
    ],
)
def test_bad_parameters_are_named(pages: TestClient, query: str, message: str) -> None:
    response = pages.get(f"/findings?{query}")
    assert response.status_code == 400
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert message in response.text
