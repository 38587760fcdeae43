"""Where a login sends the browser: the `next` path if it is a path of this site, never another
site (no open redirect)."""

from typing import Final
from urllib.parse import urlsplit

MAX_TARGET: Final = 2048


def local_path(target: str | None) -> str | None:
    """`target` when it is a path of this site (`/x/y?z`), None otherwise: no scheme or host, not
    `//host` or a backslash (browsers read `\\` as `/`), no control characters (browsers drop tabs
    and newlines, which could turn `/\\t/host` into `//host`)."""
    if not target or len(target) > MAX_TARGET or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or any(_control(char) for char in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def _control(char: str) -> bool:
    return ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F
