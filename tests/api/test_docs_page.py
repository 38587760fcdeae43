"""The docs page's own policy: Swagger UI from this server (vendored), the page's one inline script
by its hash, nothing else; the OpenAPI and asset URLs with the path prefix; no third-party request."""

import base64
import hashlib
import re

from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from aucote.api.app import create_app
from aucote.api.docs_page import docs_policy


def page(prefix: str = "") -> tuple[str, str]:
    """(HTML, Content-Security-Policy) of the docs page of an app with `prefix`."""
    with TestClient(create_app(create_engine("sqlite://"), path_prefix=prefix)) as client:
        response = client.get("/api/v1/docs")
    assert response.status_code == 200
    return response.text, response.headers["content-security-policy"]


def sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_policy_allows_exactly_the_inline_script_by_hash() -> None:
    html, policy = page()
    [inline] = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert "SwaggerUIBundle(" in inline
    assert policy == (
        "default-src 'none'; "
        f"script-src 'self' 'sha256-{sha256(inline)}'; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def test_the_openapi_url_carries_the_prefix_and_the_hash_follows() -> None:
    html, policy = page("/aucote")
    assert "url: '/aucote/api/v1/openapi.json'" in html
    assert '<script src="/aucote/static/vendor/swagger-ui/swagger-ui-bundle.js">' in html
    assert (
        '<link type="text/css" rel="stylesheet" href="/aucote/static/vendor/swagger-ui/swagger-ui.css">'
        in html
    )
    assert policy != page()[1]
    assert policy == docs_policy(html.encode())


def test_no_request_leaves_for_another_host() -> None:
    html, _ = page()
    assert re.findall(r"(?:href|src)=\"(https?://[^/\"]+)", html) == []
    assert '<link rel="shortcut icon" href="data:,">' in html


def test_the_vendored_assets_are_served() -> None:
    html, _ = page()
    urls = re.findall(r"(?:href|src)=\"(/static/[^\"]+)\"", html)
    assert sorted(urls) == [
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
    ]
    with TestClient(create_app(create_engine("sqlite://"))) as client:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert len(response.content) > 100_000, url
