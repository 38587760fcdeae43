"""What the header rules look at: the final response to `GET /` and every cookie set on the way."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Page:
    """Status and headers (names in lower case, in order, repeated names kept) of the response,
    whether it came over HTTPS, and the Set-Cookie values of every response of the redirect chain."""

    url: str
    status: int
    https: bool
    headers: tuple[tuple[str, str], ...]
    set_cookies: tuple[str, ...] = ()

    def values(self, name: str) -> list[str]:
        """Every value of header `name` (any case), in order."""
        wanted = name.lower()
        return [value for key, value in self.headers if key == wanted]

    def first(self, name: str) -> str | None:
        """The first value of header `name`, or None when it is absent."""
        found = self.values(name)
        return found[0] if found else None
