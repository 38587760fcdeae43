"""The interactive docs page (`/api/v1/docs`, FastAPI's Swagger UI page) with a policy of its own:
Swagger UI's script and style sheet from this server (swagger-ui-dist, vendored in the package under
`/static/vendor/swagger-ui`: nothing is fetched from the internet), its one inline script by hash,
inline styles (Swagger UI sets some), images from here or `data:`, requests to this origin only,
and no framing. The OpenAPI URL and the assets' URLs carry the `service.api.path` prefix, so the
page works behind a reverse proxy that strips it; the favicon is empty."""

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from typing import Final

from fastapi.openapi.docs import get_swagger_ui_html
from starlette.requests import Request
from starlette.responses import HTMLResponse

from aucote.api.context import settings_of

SWAGGER_UI: Final = "/static/vendor/swagger-ui"
"""Where the vendored swagger-ui-dist files are served (aucote.web's static files)."""
INLINE_SCRIPT: Final = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def docs_page_for(openapi_url: str, title: str, prefix: str = "") -> HTMLResponse:
    """The docs page for the OpenAPI document at `openapi_url`, with its Content-Security-Policy;
    the assets under `prefix` + SWAGGER_UI."""
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=title,
        swagger_js_url=f"{prefix}{SWAGGER_UI}/swagger-ui-bundle.js",
        swagger_css_url=f"{prefix}{SWAGGER_UI}/swagger-ui.css",
        swagger_favicon_url="data:,",
    )
    page.headers["Content-Security-Policy"] = docs_policy(bytes(page.body))
    return page


def docs_policy(html: bytes) -> str:
    """The page's policy, allowing exactly the inline scripts of `html` by their SHA-256."""
    hashes = " ".join(f"'sha256-{_digest(script)}'" for script in INLINE_SCRIPT.findall(html))
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'self' {hashes}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def docs_endpoint(openapi_url: str, title: str) -> Callable[[Request], Awaitable[HTMLResponse]]:
    """The endpoint serving the page, with the request's path prefix before `openapi_url`."""

    async def docs(request: Request) -> HTMLResponse:
        prefix = settings_of(request).prefix
        return docs_page_for(prefix + openapi_url, f"{title} - Swagger UI", prefix)

    return docs


def _digest(script: bytes) -> str:
    return base64.b64encode(hashlib.sha256(script).digest()).decode("ascii")
