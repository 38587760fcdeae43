"""What user names and token labels may look like."""

import re
from typing import Final

MAX_NAME: Final = 64
_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_SHAPE: Final = "1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"


def name_problem(kind: str, name: str) -> str | None:
    """Why `name` cannot be a user name or token label (`kind` says which), or None when it can."""
    if _NAME.fullmatch(name):
        return None
    return f"{kind} {name!r} is not valid: expected {_SHAPE}"
