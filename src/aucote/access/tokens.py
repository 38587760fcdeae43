"""API tokens and session secrets: random values handed out once, stored only as a SHA-256 digest.

A token is `aucote_` + 43 URL-safe characters from `secrets` (256 random bits); the prefix makes a
leaked token easy to recognise (secret scanners, logs). Because the value is uniformly random and
256 bits long, a plain SHA-256 is enough to store it: no one can guess a preimage, so a slow KDF
(Argon2, needed for passwords people choose) would only add latency to every request. The lookup is
by digest through a unique index, so a request's timing depends on the digest of what it sent,
never on a prefix of a stored token; where two digests are compared in code, `hmac.compare_digest`
compares them in constant time.
"""

import hashlib
import hmac
import secrets
from typing import Final

TOKEN_PREFIX: Final = "aucote_"
TOKEN_BYTES: Final = 32
MAX_TOKEN_LENGTH: Final = 256
"""A longer Authorization value is not one of ours: refused before hashing."""


def new_token() -> str:
    """A new API token (shown to its owner once)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def new_secret() -> str:
    """A new random secret (a session cookie's value, a CSRF token): 256 bits, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(value: str) -> str:
    """The SHA-256 hex digest stored for a token or secret."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def looks_like_token(value: str) -> bool:
    """Whether the value has the shape of an Aucote API token (prefix, bounded length)."""
    return value.startswith(TOKEN_PREFIX) and len(value) <= MAX_TOKEN_LENGTH


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets (e.g. a form's CSRF token with the session's)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
