"""Read-only GETs of a control-plane HTTP API (Docker Engine, Kubernetes, Elasticsearch, CouchDB):
the scheme from service detection (or the product's usual TLS ports), the JSON of each answer, and
httpx's errors translated into the ones every probe raises (see `aucote.checks.exposed.probe`).

A server that refuses the TLS handshake because we show no client certificate (Docker with
`--tlsverify`, a kubelet or API server requiring client certificates) is protected: no finding."""

import asyncio
import json
import ssl
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import httpx

from aucote.catalog.matching import service_names
from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_errors import translated_http_errors
from aucote.checks.exposed.probe import require
from aucote.checks.http_headers.client import open_client, scanner_tls_context
from aucote.model.protocol import Protocol
from aucote.model.target import Port

MAX_BODY: Final = 1 << 20
REFUSED: Final = frozenset({401, 403})
"""Statuses of an API that asks for credentials (or refuses the anonymous user)."""
_CERTIFICATE_ALERTS: Final = frozenset(
    {"TLSV13_ALERT_CERTIFICATE_REQUIRED", "SSLV3_ALERT_HANDSHAKE_FAILURE", "SSLV3_ALERT_BAD_CERTIFICATE"}
)
"""Alerts of a TLS 1.2 handshake without a client certificate, when the server demands one."""


@dataclass(frozen=True, slots=True)
class ApiReply:
    """Status, headers and the JSON body (None when the body is not JSON) of one GET."""

    status: int
    headers: httpx.Headers
    body: object

    def field(self, *path: str) -> str | None:
        """The scalar at `path` of a JSON object body, as text; None when absent."""
        value: object = self.body
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        return None if value is None or isinstance(value, Mapping | list) else str(value)

    def items(self, key: str | None = None) -> list[object] | None:
        """The body's list (or its object's list at `key`); None when there is none."""
        value = self.body.get(key) if key and isinstance(self.body, Mapping) else self.body
        return value if isinstance(value, list) else None


@dataclass(frozen=True, slots=True)
class Api:
    """GETs against one port's origin."""

    client: httpx.AsyncClient
    origin: str

    async def get(self, path: str) -> ApiReply:
        """GET `path`; at most MAX_BODY bytes are read."""
        async with self.client.stream("GET", self.origin + path) as response:
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) >= MAX_BODY:
                    break
        return ApiReply(response.status_code, response.headers, _json(body[:MAX_BODY]))


Question = Callable[[Api], Awaitable[str | None]]


def api_origin(port: Port, tls_ports: Collection[int]) -> str:
    """`scheme://host:port`: HTTPS when detection saw TLS, or, with nothing detected, on `tls_ports`."""
    names = service_names(port.service)
    tls = bool(names & {"ssl", "https"}) if names else port.number in tls_ports
    host = f"[{port.node.ip}]" if port.node.ip.version == 6 else str(port.node.ip)
    return f"{'https' if tls else 'http'}://{host}:{port.number}"


async def ask_api(
    port: Port, context: CheckContext, tls_ports: Collection[int], question: Question
) -> str | None:
    """The evidence `question` finds on the port's API; None when TLS demands a client certificate."""
    require(port, Protocol.TCP)
    origin = api_origin(port, tls_ports)
    try:
        with translated_http_errors():
            async with open_client(context.options, context.timeout) as client:
                return await question(Api(client, origin))
    except (ConnectionError, ssl.SSLError):  # httpx lets some TLS alerts through untranslated
        if origin.startswith("https:") and await demands_client_certificate(port, context.timeout):
            return None
        raise


async def demands_client_certificate(port: Port, timeout: float) -> bool:
    """Whether a TLS 1.2 handshake without a client certificate ends in the alert of a server that
    demands one (with TLS 1.3 the refusal comes after the handshake and is often lost)."""
    tls = scanner_tls_context()
    tls.maximum_version = ssl.TLSVersion.TLSv1_2
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(str(port.node.ip), port.number, ssl=tls), timeout
        )
    except ssl.SSLError as error:
        return error.reason in _CERTIFICATE_ALERTS
    except (OSError, TimeoutError):
        return False
    writer.close()
    return False


def _json(body: bytes) -> object:
    try:
        return json.loads(body)
    except ValueError:
        return None


def names(items: Sequence[object] | None, key: str, limit: int = 10) -> str:
    """`key` of the first `limit` objects (or the first `limit` strings) of a list, comma-separated,
    with the count of the rest."""
    found = [str(item.get(key) if isinstance(item, Mapping) else item) for item in items or []]
    shown = ", ".join(found[:limit])
    return shown + (f" and {len(found) - limit} more" if len(found) > limit else "")
