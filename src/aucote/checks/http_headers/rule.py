"""A header rule: a pure function of the page that returns the finding's evidence, or None."""

from collections.abc import Callable

from aucote.checks.http_headers.page import Page

Rule = Callable[[Page], str | None]
"""Evidence text when the page breaks the rule, None when it complies."""


class NotApplicable(Exception):
    """The rule does not apply to this page (an HTTPS-only rule on plain HTTP); the message says why."""


def missing(header: str, note: str = "") -> str:
    """The evidence for an absent header."""
    return f"Missing header: {header}" + (f" ({note})" if note else "")


def bad_value(header: str, value: str, why: str) -> str:
    """The evidence for a header whose value does not protect."""
    return f"{header}: {value!r} ({why})"
