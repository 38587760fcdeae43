"""Strict-Transport-Security on HTTPS: present, with a max-age of at least 180 days."""

import re
from typing import Final

from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.rule import bad_value, missing
from aucote.checks.judging import NotApplicable

HEADER: Final = "Strict-Transport-Security"
MIN_MAX_AGE: Final = 15_552_000
"""180 days in seconds: the shortest max-age current guidance accepts (one year is better)."""

_MAX_AGE = re.compile(r'^\s*max-age\s*=\s*"?(\d+)"?\s*$', re.IGNORECASE)


def max_age(value: str) -> int | None:
    """The max-age directive of an HSTS value, or None when it has no valid one."""
    ages = [int(found[1]) for part in value.split(";") if (found := _MAX_AGE.match(part))]
    return ages[0] if len(ages) == 1 else None


def hsts_rule(page: Page) -> str | None:
    """Only the first HSTS header counts, as in browsers."""
    if not page.https:
        raise NotApplicable("HSTS is only honoured over HTTPS; the port serves plain HTTP")
    value = page.first(HEADER)
    if value is None:
        return missing(HEADER)
    age = max_age(value)
    if age is None:
        return bad_value(HEADER, value, "no valid max-age directive")
    if age < MIN_MAX_AGE:
        return bad_value(HEADER, value, f"max-age {age} s is less than {MIN_MAX_AGE} s, 180 days")
    return None
