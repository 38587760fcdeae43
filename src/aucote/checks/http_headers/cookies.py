"""Cookie attributes: Secure (on HTTPS), HttpOnly and SameSite on every cookie set by the page.
Cookie values never appear in the evidence."""

from dataclasses import dataclass
from typing import Final

from aucote.checks.http_headers.page import Page
from aucote.checks.judging import NotApplicable

_SAME_SITE_VALUES: Final = frozenset({"strict", "lax", "none"})


@dataclass(frozen=True, slots=True)
class Cookie:
    """A Set-Cookie header: the cookie's name and its attributes (lower-case names -> values)."""

    name: str
    attributes: dict[str, str]

    def describe(self) -> str:
        """The cookie's name and attributes as sent, without its value."""
        shown = "; ".join(f"{key}={value}" if value else key for key, value in self.attributes.items())
        return f"{self.name} ({shown})" if shown else self.name


def parse_cookie(header: str) -> Cookie:
    """The name and attributes of one Set-Cookie value; attributes keep their first occurrence."""
    first, *rest = header.split(";")
    attributes: dict[str, str] = {}
    for item in rest:
        key, _, value = item.partition("=")
        if key.strip():
            attributes.setdefault(key.strip().lower(), value.strip())
    return Cookie(first.partition("=")[0].strip(), attributes)


def _report(problem: str, broken: list[Cookie]) -> str | None:
    if not broken:
        return None
    return "\n".join(f"Set-Cookie {cookie.describe()}: {problem}" for cookie in broken)


def _cookies(page: Page) -> list[Cookie]:
    return [parse_cookie(header) for header in page.set_cookies]


def secure_rule(page: Page) -> str | None:
    if not page.https:
        raise NotApplicable("the Secure attribute only applies to cookies set over HTTPS")
    return _report("no Secure attribute", [c for c in _cookies(page) if "secure" not in c.attributes])


def httponly_rule(page: Page) -> str | None:
    return _report("no HttpOnly attribute", [c for c in _cookies(page) if "httponly" not in c.attributes])


def samesite_problem(cookie: Cookie) -> str | None:
    """Why the cookie's SameSite attribute does not protect it, or None when it does."""
    value = cookie.attributes.get("samesite")
    if value is None:
        return "no SameSite attribute"
    if value.lower() not in _SAME_SITE_VALUES:
        return f"SameSite={value} is not Strict, Lax or None"
    if value.lower() == "none" and "secure" not in cookie.attributes:
        return "SameSite=None without Secure"
    return None


def samesite_rule(page: Page) -> str | None:
    problems = [(cookie, samesite_problem(cookie)) for cookie in _cookies(page)]
    lines = [f"Set-Cookie {cookie.describe()}: {problem}" for cookie, problem in problems if problem]
    return "\n".join(lines) or None
