"""Directory listing: `/` and a few common folders answered 200 with an auto-generated index
(Apache/nginx `Index of /…`, Python `Directory listing for`, IIS `[To Parent Directory]`, Tomcat).

A server that answers a random path with a page that looks like a listing proves nothing (it
answers everything the same way), so a random-path baseline is fetched first."""

import re
import secrets
from typing import Final

import httpx

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_errors import translated_http_errors
from aucote.checks.exposed.probe import require
from aucote.checks.http_headers.client import open_client
from aucote.checks.http_headers.origin import origin_url
from aucote.model.protocol import Protocol
from aucote.model.target import Port

PATHS: Final = ("/", "/icons/", "/images/", "/uploads/", "/files/", "/static/", "/backup/")
MAX_BODY: Final = 256 * 1024
LISTING: Final = re.compile(
    r"<title>\s*Index of /|<h1>\s*Index of /|Directory listing for /|<title>\s*Directory Listing For /"
    r"|\[To Parent Directory\]|>\s*Parent Directory\s*</a>",
    re.IGNORECASE,
)


async def get_body(client: httpx.AsyncClient, url: str) -> tuple[int, str]:
    """Status and the first MAX_BODY bytes of the body (decoded leniently); no redirect followed."""
    async with client.stream("GET", url) as response:
        body = b""
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) >= MAX_BODY:
                break
    return response.status_code, body[:MAX_BODY].decode("utf-8", "replace")


def is_listing(status: int, body: str) -> bool:
    """A 200 page that looks like an auto-generated index."""
    return status == 200 and LISTING.search(body) is not None


def title(body: str) -> str:
    """The page title, for the evidence."""
    found = re.search(r"<title>(.*?)</title>", body, re.IGNORECASE | re.DOTALL)
    return " ".join(found[1].split())[:120] if found else ""


async def _listings(client: httpx.AsyncClient, origin: str) -> list[str]:
    if is_listing(*await get_body(client, f"{origin}/{secrets.token_hex(8)}/")):
        return []
    found = []
    for path in PATHS:
        status, body = await get_body(client, origin + path)
        if is_listing(status, body):
            found.append(f"{origin}{path} ({title(body) or 'listing'})")
    return found


async def directory_listing(port: Port, context: CheckContext) -> str | None:
    """Evidence: each folder that lists its files, with the page title."""
    require(port, Protocol.TCP)
    with translated_http_errors():
        async with open_client(context.options, context.timeout) as client:
            found = await _listings(client, origin_url(port))
    return ("Directory listing: " + "; ".join(found)) if found else None
