"""Headers judged on their own: X-Content-Type-Options, Referrer-Policy, Permissions-Policy."""

from typing import Final

from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.rule import bad_value, missing

XCTO: Final = "X-Content-Type-Options"
REFERRER_POLICY: Final = "Referrer-Policy"
PERMISSIONS_POLICY: Final = "Permissions-Policy"
FEATURE_POLICY: Final = "Feature-Policy"

REFERRER_POLICIES: Final = frozenset(
    {
        "no-referrer",
        "no-referrer-when-downgrade",
        "origin",
        "origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    }
)
LEAKY_REFERRER_POLICIES: Final = frozenset({"unsafe-url", "no-referrer-when-downgrade"})
"""Policies that send the full URL (path and query) to other sites."""


def nosniff_rule(page: Page) -> str | None:
    value = page.first(XCTO)
    if value is None:
        return missing(XCTO)
    if value.strip().lower() != "nosniff":
        return bad_value(XCTO, value, "expected nosniff")
    return None


def effective_referrer_policy(values: list[str]) -> str | None:
    """The last policy token browsers recognise, across all headers and comma lists."""
    tokens = [token.strip().lower() for value in values for token in value.split(",")]
    known = [token for token in tokens if token in REFERRER_POLICIES]
    return known[-1] if known else None


def referrer_rule(page: Page) -> str | None:
    values = page.values(REFERRER_POLICY)
    if not values:
        return missing(REFERRER_POLICY)
    policy = effective_referrer_policy(values)
    shown = ", ".join(values)
    if policy is None:
        return bad_value(REFERRER_POLICY, shown, "no policy browsers recognise")
    if policy in LEAKY_REFERRER_POLICIES:
        return bad_value(REFERRER_POLICY, shown, f"{policy} sends the full URL to other sites")
    return None


def permissions_rule(page: Page) -> str | None:
    if any(value.strip() for value in page.values(PERMISSIONS_POLICY)):
        return None
    if page.values(PERMISSIONS_POLICY):
        return bad_value(PERMISSIONS_POLICY, "", "empty: restricts no feature")
    note = f"only the deprecated {FEATURE_POLICY}" if page.values(FEATURE_POLICY) else ""
    return missing(PERMISSIONS_POLICY, note)
