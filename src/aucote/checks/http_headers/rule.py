"""A header rule: a pure function of the page that returns the finding's evidence, or None, or
raises NotApplicable (an HTTPS-only rule on plain HTTP); judged by `aucote.checks.judging`."""

from aucote.checks.http_headers.page import Page
from aucote.checks.judging import Rule as Judging

Rule = Judging[Page]
"""Evidence text when the page breaks the rule, None when it complies."""


def missing(header: str, note: str = "") -> str:
    """The evidence for an absent header."""
    return f"Missing header: {header}" + (f" ({note})" if note else "")


def bad_value(header: str, value: str, why: str) -> str:
    """The evidence for a header whose value does not protect."""
    return f"{header}: {value!r} ({why})"
