"""Content-Security-Policy: presence, and the parsing of its directives for other rules."""

from typing import Final

from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.rule import missing

HEADER: Final = "Content-Security-Policy"
REPORT_ONLY: Final = "Content-Security-Policy-Report-Only"


def policies(page: Page) -> list[dict[str, list[str]]]:
    """Every enforced policy (several headers or a comma-separated list), each as directive name
    (lower case) -> source list; a repeated directive keeps its first occurrence, as browsers do."""
    found = []
    for value in page.values(HEADER):
        found += [_directives(policy) for policy in value.split(",") if policy.strip()]
    return found


def _directives(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def csp_rule(page: Page) -> str | None:
    """A finding when no enforced policy is sent (a report-only policy enforces nothing)."""
    if any(value.strip() for value in page.values(HEADER)):
        return None
    note = f"only {REPORT_ONLY}, which enforces nothing" if page.values(REPORT_ONLY) else ""
    return missing(HEADER, note)
