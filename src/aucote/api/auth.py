"""Checking a Bearer value against the hash in `service.api.password` (the original's shared
token, an admin credential: `aucote.api.access.password`), in constant time.

The configuration keeps only a hash (`service.api.password`): a hex SHA-512 digest of the token (as
the original accepted) or `pbkdf2_sha256$<iterations>$<salt>$<hex digest>`, where the digest is
PBKDF2-HMAC-SHA256 of the token with the UTF-8 bytes of <salt>. `hash_token` makes the second form."""

import hashlib
import hmac
import secrets

MAX_HEADER = 1024


def hash_token(token: str, iterations: int = 600_000, salt: str | None = None) -> str:
    """A PBKDF2 hash of `token` to put in `service.api.password`."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", token.encode(), salt.encode(), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    if not header or len(header) > MAX_HEADER:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def token_matches(token: str, stored: str | None) -> bool:
    """Whether `token` hashes to `stored`; always False when no hash is configured."""
    if not stored:
        return False
    if stored.startswith("pbkdf2_sha256$"):
        _, iterations, salt, digest = stored.split("$", 3)
        computed = hashlib.pbkdf2_hmac("sha256", token.encode(), salt.encode(), int(iterations)).hex()
        return hmac.compare_digest(computed, digest.lower())
    return hmac.compare_digest(hashlib.sha512(token.encode()).hexdigest(), stored.lower())
