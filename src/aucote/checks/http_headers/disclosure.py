"""Server version disclosure: Server, X-Powered-By and the ASP.NET headers naming a version."""

import re
from typing import Final

from aucote.checks.http_headers.page import Page

HEADERS: Final = ("Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version")
_VERSION: Final = re.compile(r"\d+\.\d+|/\s*v?\d")
"""A dotted number (`2.4.57`, `10.0`) or a product/number pair (`PHP/8`)."""


def has_version(value: str) -> bool:
    """Whether a product banner names a version."""
    return _VERSION.search(value) is not None


def version_rule(page: Page) -> str | None:
    lines = [f"{name}: {value}" for name in HEADERS for value in page.values(name) if has_version(value)]
    return "\n".join(lines) or None
