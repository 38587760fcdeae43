"""Shapes of the stored API password: a hex SHA-512 digest or `pbkdf2_sha256$iterations$salt$hash`."""

import re

_SHA512_HEX = re.compile(r"[0-9a-fA-F]{128}")
_PBKDF2 = re.compile(r"pbkdf2_sha256\$(?P<iterations>[1-9][0-9]*)\$(?P<salt>[^$\s]+)\$(?P<hash>[^$\s]+)")
_EXPECTED = (
    "expected a hex SHA-512 digest (128 hex digits) or 'pbkdf2_sha256$<iterations>$<salt>$<hash>'"
    " - store a hash of the password, never the password itself"
)


def validate_password_hash(text: str) -> str:
    """The hash unchanged if it has one of the accepted shapes; ValueError otherwise (never echoes it)."""
    if _SHA512_HEX.fullmatch(text) or _PBKDF2.fullmatch(text):
        return text
    raise ValueError(_EXPECTED)
