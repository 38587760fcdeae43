"""Every page: HTML with its own Content-Security-Policy beside the API's other security headers,
no script but the vendored htmx (from this site, on the pages refreshing themselves) and no inline
style anywhere (the policy would block them), labelled form fields."""

import re

import pytest
from fastapi.testclient import TestClient

from aucote.api.security_headers import HEADERS
from aucote.web.pages import PAGE_POLICY

PAGES = ["/", "/findings", "/findings/501", "/hosts", "/hosts/10.12.2.175", "/scanners", "/scans/942"]
REFRESHING = {"/", "/scanners"}
HTMX = '<script src="/static/vendor/htmx/htmx.min.js" defer>'
FIELD = re.compile(r'<(?:input|select)[^>]* id="([^"]+)"')


@pytest.mark.parametrize("path", PAGES)
def test_page_headers_and_markup(pages: TestClient, path: str) -> None:
    response = pages.get(path)
    assert response.status_code == 200
    expected = {**dict(HEADERS), "Content-Security-Policy": PAGE_POLICY}
    assert {name: response.headers[name] for name in expected} == expected
    page = response.text
    assert page.startswith("<!doctype html>")
    assert re.findall(r"<script[^>]*>", page) == ([HTMX] if path in REFRESHING else [])
    assert " style=" not in page and "<style" not in page
    assert '<a class="skip" href="#main">Skip to content</a>' in page
    for field in FIELD.findall(page):
        if 'type="hidden"' not in page.split(f'id="{field}"')[0][-80:]:
            assert f'<label for="{field}">' in page


def test_htmx_is_served_from_here_with_its_licence(pages: TestClient) -> None:
    script = pages.get("/static/vendor/htmx/htmx.min.js")
    assert script.status_code == 200
    assert script.headers["content-type"] in ("text/javascript; charset=utf-8", "application/javascript")
    assert "htmx" in script.text
    assert pages.get("/static/vendor/htmx/LICENSE").status_code == 200


def test_static_files(pages: TestClient) -> None:
    css = pages.get("/static/aucote.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "prefers-color-scheme: dark" in css.text
    assert pages.get("/static/favicon.svg").headers["content-type"] == "image/svg+xml"
