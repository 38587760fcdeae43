"""Links between pages: a path under the URL prefix with a query of the values given (None and
empty values left out), so every view is a permalink of its filters."""

from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlencode

QueryValue = str | int | float | bool | None


def href(
    prefix: str, path: str, query: Mapping[str, QueryValue] | Iterable[tuple[str, QueryValue]] = ()
) -> str:
    """`prefix` + `path` (each segment quoted) + `?query` of the given values."""
    pairs = query.items() if isinstance(query, Mapping) else query
    kept = [(name, _text(value)) for name, value in pairs if value is not None and value != ""]
    url = prefix + quote(path, safe="/:@")
    return f"{url}?{urlencode(kept)}" if kept else url


def _text(value: QueryValue) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
