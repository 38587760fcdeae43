"""Clickjacking protection: CSP `frame-ancestors` without a wildcard, or else X-Frame-Options DENY
or SAMEORIGIN. When a policy has frame-ancestors, browsers ignore X-Frame-Options."""

from typing import Final

from aucote.checks.http_headers.csp import policies
from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.rule import bad_value

XFO: Final = "X-Frame-Options"
_SAFE_XFO: Final = frozenset({"deny", "sameorigin"})
_ANY_SITE: Final = frozenset({"*", "http:", "https:", "http://*", "https://*"})


def clickjacking_rule(page: Page) -> str | None:
    ancestors = [found["frame-ancestors"] for found in policies(page) if "frame-ancestors" in found]
    if ancestors:
        return _frame_ancestors(ancestors)
    value = page.first(XFO)
    if value is None:
        return f"No clickjacking protection: no {XFO} and no Content-Security-Policy frame-ancestors"
    if value.strip().lower() not in _SAFE_XFO:
        return bad_value(XFO, value, "not DENY or SAMEORIGIN, and no Content-Security-Policy frame-ancestors")
    return None


def _frame_ancestors(lists: list[list[str]]) -> str | None:
    """Every policy applies, so one that restricts framing is enough."""
    if any(not _ANY_SITE & {source.lower() for source in sources} for sources in lists):
        return None
    shown = "; ".join("frame-ancestors " + " ".join(sources) for sources in lists)
    return f"Content-Security-Policy {shown!r} lets any site frame the page"
