"""`GET /` of a port, following at most a few redirects and only within the same origin: the check
never sends a request anywhere but the scanned port. httpx errors are translated here."""

import ssl
from typing import Final

import httpx

from aucote.checks.http_headers.page import Page
from aucote.model.status import CheckReason

MAX_REDIRECTS: Final = 3
HUNG_UP: Final = "Server disconnected without sending a response"
CHAIN_DEPTH: Final = 8
"""Links of an exception's chain searched for the ssl error behind it (httpx wraps httpcore's)."""


class FetchError(Exception):
    """The page could not be fetched: connection refused or reset (unreachable), no TLS or no HTTP
    on the port (not_applicable), a URL httpx refuses (check_error)."""

    def __init__(self, reason: CheckReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


async def fetch_page(client: httpx.AsyncClient, origin: str, path: str = "/") -> Page:
    """The response to GET `origin + path`; raises FetchError, or TimeoutError when httpx times out."""
    try:
        return await _follow(client, httpx.URL(origin + path))
    except httpx.TimeoutException as error:
        raise TimeoutError(f"HTTP timeout ({type(error).__name__})") from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        raise FetchError(_reason(error), f"GET {origin}{path} failed: {_describe(error)}") from None


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


def _reason(error: Exception) -> CheckReason:
    if _tls_failed(error):  # no TLS handshake: the port does not speak HTTPS
        return CheckReason.NOT_APPLICABLE
    if _hung_up(error) or isinstance(error, httpx.NetworkError | OSError):
        return CheckReason.UNREACHABLE
    if isinstance(error, httpx.RemoteProtocolError):  # an answer that is not HTTP
        return CheckReason.NOT_APPLICABLE
    return CheckReason.CHECK_ERROR


def _hung_up(error: Exception) -> bool:
    """httpx's words for a server that closed the connection without answering."""
    return isinstance(error, httpx.RemoteProtocolError) and str(error).startswith(HUNG_UP)


def _tls_failed(error: BaseException | None) -> bool:
    """Whether an ssl error (no TLS handshake with the port) is behind the error (a few links deep)."""
    for _ in range(CHAIN_DEPTH):
        if error is None or isinstance(error, ssl.SSLError):
            return error is not None
        error = error.__cause__ or error.__context__
    return False
