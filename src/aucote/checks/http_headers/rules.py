"""Which rule judges which exploit of the `aucote-http-headers` app (by exploit name)."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from aucote.checks.http_headers import cookies, simple_headers
from aucote.checks.http_headers.clickjacking import clickjacking_rule
from aucote.checks.http_headers.csp import csp_rule
from aucote.checks.http_headers.disclosure import version_rule
from aucote.checks.http_headers.hsts import hsts_rule
from aucote.checks.http_headers.rule import Rule

RULES: Final[Mapping[str, Rule]] = MappingProxyType(
    {
        "hsts": hsts_rule,
        "csp": csp_rule,
        "nosniff": simple_headers.nosniff_rule,
        "clickjacking": clickjacking_rule,
        "referrer": simple_headers.referrer_rule,
        "permissions-policy": simple_headers.permissions_rule,
        "cookie-secure": cookies.secure_rule,
        "cookie-httponly": cookies.httponly_rule,
        "cookie-samesite": cookies.samesite_rule,
        "version-disclosure": version_rule,
    }
)
