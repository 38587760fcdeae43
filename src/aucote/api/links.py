"""Absolute URLs in responses: request scheme and Host header, then the configured path prefix
(`service.api.path`, for a reverse proxy that strips it), then the API path."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from starlette.requests import Request

from aucote.api.schemas.common import Navigation
from aucote.storage.queries.paging import Window

API = "/api/v1"
PAGING = ("limit", "page")


def normalise_prefix(prefix: str) -> str:
    """`x`, `/x/` → `/x`; empty or `/` → ``."""
    stripped = prefix.strip("/")
    return f"/{stripped}" if stripped else ""


@dataclass(frozen=True, slots=True)
class Links:
    """URL builder for one request."""

    base: str
    path: str
    query: tuple[tuple[str, str], ...]

    def item(self, kind: str, key: int | str) -> str:
        """An item URL, e.g. item("sec_scan", 12483) → …/api/v1/sec_scan/12483."""
        name = str(key) if isinstance(key, int) else quote(key, safe="")
        return f"{self.base}{API}/{kind}/{name}"

    def listing(self, resource: str, **filters: int) -> str:
        """A filtered list URL, e.g. listing("nodes", scan_id=942) → …/api/v1/nodes?scan_id=942."""
        return f"{self.base}{API}/{resource}?{urlencode(filters)}"

    def navigation(self, window: Window, has_next: bool) -> Navigation:
        """Links to the neighbour pages of the path asked for, with the same filters."""
        return Navigation(
            limit=window.limit,
            page=window.page,
            next_page=self._page(window, window.page + 1) if has_next else None,
            previous_page=self._page(window, window.page - 1) if window.page > 0 else None,
        )

    def _page(self, window: Window, page: int) -> str:
        kept = [(name, value) for name, value in self.query if name not in PAGING]
        query = urlencode([("limit", window.limit), ("page", page), *kept])
        return f"{self.base}{self.path}?{query}"


def links_for(request: Request, prefix: str) -> Links:
    """The URL builder for a request."""
    base = f"{request.scope.get('scheme', 'http')}://{_host(request)}{prefix}"
    return Links(base, request.scope["path"], tuple(request.query_params.multi_items()))


def _host(request: Request) -> str:
    host = request.headers.get("host")
    if host:
        return host
    server = request.scope.get("server")
    return "localhost" if server is None else f"{server[0]}:{server[1]}"
