"""Security headers on every response, so that Aucote's own HTTP-header check
(`aucote.checks.http_headers`) finds nothing on Aucote: a strict Content-Security-Policy (a response
may bring its own, as the docs page does), nosniff, no referrer, no framing, no powerful browser
features, a cross-origin isolated opener and resource policy, no caching, and HSTS when the client
came over HTTPS (`aucote.api.clients.is_https`). Headers a response set itself are kept."""

from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aucote.api.clients import is_https

JSON_POLICY: Final = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
"""The API answers JSON only: nothing may load, run or frame it."""
HSTS: Final = "max-age=63072000"
"""Two years, as Mozilla's TLS guidelines recommend; no includeSubDomains (other hosts of the domain
are not Aucote's to decide)."""
PERMISSIONS_POLICY: Final = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
HEADERS: Final = (
    ("Content-Security-Policy", JSON_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


class SecurityHeaders:
    """ASGI middleware adding HEADERS (and HSTS over HTTPS) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = response_headers(is_https(HTTPConnection(scope)))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent = MutableHeaders(scope=message)
                for name, value in headers:
                    sent.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def response_headers(https: bool) -> tuple[tuple[str, str], ...]:
    """The headers every response gets, HSTS included over HTTPS."""
    return (*HEADERS, ("Strict-Transport-Security", HSTS)) if https else HEADERS
