"""`GET /` of a port, following at most a few redirects and only within the same origin: the check
never sends a request anywhere but the scanned port. httpx errors are translated here."""

from typing import Final

import httpx

from aucote.checks.http_headers.page import Page

MAX_REDIRECTS: Final = 3


class FetchError(Exception):
    """The page could not be fetched (connection refused, TLS failure, not HTTP …)."""


async def fetch_page(client: httpx.AsyncClient, origin: str, path: str = "/") -> Page:
    """The response to GET `origin + path`; raises FetchError, or TimeoutError when httpx times out."""
    try:
        return await _follow(client, httpx.URL(origin + path))
    except httpx.TimeoutException as error:
        raise TimeoutError(f"HTTP timeout ({type(error).__name__})") from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        raise FetchError(f"GET {origin}{path} failed: {_describe(error)}") from None


async def _follow(client: httpx.AsyncClient, url: httpx.URL) -> Page:
    cookies: list[str] = []
    for _ in range(MAX_REDIRECTS + 1):
        response = await _head_of(client, url)
        cookies += response.headers.get_list("set-cookie")
        target = _same_origin_redirect(response)
        if target is None:
            return _page(response, cookies)
        url = target
    return _page(response, cookies)


async def _head_of(client: httpx.AsyncClient, url: httpx.URL) -> httpx.Response:
    """Status and headers only: the body is never read."""
    async with client.stream("GET", url) as response:
        return response


def _same_origin_redirect(response: httpx.Response) -> httpx.URL | None:
    if not response.is_redirect or "location" not in response.headers:
        return None
    target = response.url.join(response.headers["location"])
    return target if _origin(target) == _origin(response.url) else None


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def _page(response: httpx.Response, cookies: list[str]) -> Page:
    raw = response.headers.raw
    headers = tuple((name.decode("latin-1").lower(), value.decode("latin-1")) for name, value in raw)
    https = response.url.scheme == "https"
    return Page(str(response.url), response.status_code, https, headers, tuple(cookies))


def _describe(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0]
