"""etcd without authentication: `GET /version`, then a keys-only range over every key through the
v3 JSON gateway (`/v3`, else `/v3beta` of 3.3, `/v3alpha` of 3.2), at most a few keys returned.
Key names and their count are the evidence; values are never asked for."""

import base64
from typing import Final

import httpx

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_errors import translated_http_errors
from aucote.checks.exposed.probe import ProbeFailed, require
from aucote.checks.http_headers.client import open_client
from aucote.checks.http_headers.origin import origin_url
from aucote.model.protocol import Protocol
from aucote.model.target import Port

PREFIXES: Final = ("/v3", "/v3beta", "/v3alpha")
SHOWN_KEYS: Final = 5
EVERY_KEY: Final = {"key": "AA==", "range_end": "AA==", "keys_only": True, "limit": SHOWN_KEYS}
"""From key \\0 to range_end \\0: every key (etcd's convention), names only, at most SHOWN_KEYS."""
REFUSALS: Final = ("user name is empty", "permission denied", "invalid auth token", "authentication")


async def server_version(client: httpx.AsyncClient, origin: str) -> str:
    """`etcdserver` of /version; ValueError when the port is not etcd."""
    response = await client.get(f"{origin}/version")
    try:
        return str(response.json()["etcdserver"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"not etcd: /version answered {response.status_code}") from None


async def read_range(client: httpx.AsyncClient, origin: str) -> httpx.Response:
    """The range answer of the first gateway prefix the server knows (not 404)."""
    for prefix in PREFIXES:
        response = await client.post(f"{origin}{prefix}/kv/range", json=EVERY_KEY)
        if response.status_code != 404:
            return response
    raise ProbeFailed("etcd has no v3 JSON gateway (/v3, /v3beta, /v3alpha all 404)")


def refused(response: httpx.Response) -> bool:
    """Whether etcd asked for credentials (auth enabled: 'user name is empty', 401/403)."""
    return response.status_code in (401, 403) or any(word in response.text.lower() for word in REFUSALS)


def key_names(body: dict[str, object]) -> list[str]:
    """The decoded key names of a range answer (`kvs[].key`, base64)."""
    kvs = body.get("kvs")
    items = [kv for kv in kvs if isinstance(kv, dict)] if isinstance(kvs, list) else []
    return [base64.b64decode(str(kv.get("key", ""))).decode("utf-8", "replace") for kv in items]


def evidence(version: str, body: dict[str, object]) -> str:
    """The finding's text: how many keys, and a few of their names."""
    names = key_names(body)
    count = int(str(body.get("count", len(names))))
    shown = f": {', '.join(names[:SHOWN_KEYS])}" if names else ""
    return f"etcd {version} serves its keys without authentication: {count} keys readable{shown}"


async def etcd_no_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: the server version, the number of keys and a few key names."""
    require(port, Protocol.TCP)
    origin = origin_url(port)
    with translated_http_errors():
        async with open_client(context.options, context.timeout) as client:
            version = await server_version(client, origin)
            response = await read_range(client, origin)
    if refused(response):
        return None
    if response.status_code != 200:
        raise ProbeFailed(f"etcd answered the range request {response.status_code}: {response.text[:120]}")
    return evidence(version, response.json())
