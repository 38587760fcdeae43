"""`GET /findings/{id}`: the report's whole evidence, the check's description and references, the
scans that reported the finding, every report of it and its changes; unknown ids are a 404 page."""

import pytest
from fastapi.testclient import TestClient

from tests.support.seed_data import LONG_OUTPUT
from tests.web.html import link, rows


def test_finding_page(pages: TestClient) -> None:
    response = pages.get("/findings/501")
    assert response.status_code == 200
    page = response.text
    assert "<h1>Apache byterange filter DoS</h1>" in page
    assert f'<pre class="output">{LONG_OUTPUT}</pre>' in page
    assert "<p>Checks CVE-2011-3192.</p>" in page
    assert link(page, "CVE-2011-3192") == "https://nvd.nist.gov/vuln/detail/CVE-2011-3192"
    assert link(page, "nmap script http-vuln-cve2011-3192") == (
        "https://nmap.org/nsedoc/scripts/http-vuln-cve2011-3192.html"
    )
    assert link(page, "10.12.2.175") == "/hosts/10.12.2.175"
    assert link(page, "tools_basic #931") == "/scans/931"
    assert "http-vuln-cve2011-3192 found on 5985/TCP" in page
    # Both reports of the finding, newest first; the older one links to its own page.
    assert [row[1:3] for row in rows(page)] == [
        ["Scan", "State"],
        ["tools_advanced #942", "current"],
        ["tools_basic #931", "expired 2017-10-20 12:59 UTC"],
    ]
    assert link(page, "2017-10-20 12:48 UTC") == "/findings/500"


def test_an_expired_report(pages: TestClient) -> None:
    page = pages.get("/findings/500").text
    assert "expired <time" in page
    assert '<pre class="output">VULNERABLE</pre>' in page


@pytest.mark.parametrize("path", ["/findings/499", "/findings/2147483648", "/findings/99999999999999999999"])
def test_unknown_finding(pages: TestClient, path: str) -> None:
    response = pages.get(path)
    assert response.status_code == 404
    assert "not found" in response.text
