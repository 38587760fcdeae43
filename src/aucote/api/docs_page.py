"""The interactive docs page (`/api/v1/docs`, FastAPI's Swagger UI page) with a policy of its own:
Swagger UI's script and style sheet from its CDN, its one inline script by hash, inline styles
(Swagger UI sets some), images from here or `data:`, requests to this origin only, and no framing.
The OpenAPI URL in the page carries the `service.api.path` prefix, so the page works behind a
reverse proxy that strips it; the favicon is empty (no request to a third party)."""

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from typing import Final

from fastapi.openapi.docs import get_swagger_ui_html
from starlette.requests import Request
from starlette.responses import HTMLResponse

from aucote.api.context import settings_of

CDN: Final = "https://cdn.jsdelivr.net"
INLINE_SCRIPT: Final = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def docs_page_for(openapi_url: str, title: str) -> HTMLResponse:
    """The docs page for the OpenAPI document at `openapi_url`, with its Content-Security-Policy."""
    page = get_swagger_ui_html(openapi_url=openapi_url, title=title, swagger_favicon_url="data:,")
    page.headers["Content-Security-Policy"] = docs_policy(bytes(page.body))
    return page


def docs_policy(html: bytes) -> str:
    """The page's policy, allowing exactly the inline scripts of `html` by their SHA-256."""
    hashes = " ".join(f"'sha256-{_digest(script)}'" for script in INLINE_SCRIPT.findall(html))
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {CDN} {hashes}",
            f"style-src {CDN} 'unsafe-inline'",
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
        return docs_page_for(settings_of(request).prefix + openapi_url, f"{title} - Swagger UI")

    return docs


def _digest(script: bytes) -> str:
    return base64.b64encode(hashlib.sha256(script).digest()).decode("ascii")
