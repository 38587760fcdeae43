"""`service.api.password` as an admin credential (the original's shared token): a Bearer value is
checked against the hash configured now (read at each check, so a reloaded configuration applies
at once), off the event loop (a PBKDF2 hash is slow on purpose), one check at a time (a flood of
wrong values then takes one core, not every worker thread). The last value that matched is
remembered as its SHA-256 beside the hash it matched, so a client sending the password on every
request pays the slow hash once, not per request."""

import hmac
from collections.abc import Awaitable, Callable

import anyio
from anyio import to_thread

from aucote.access.tokens import digest
from aucote.api.auth import token_matches
from aucote.model.access import Credential, Principal, Role

PasswordHash = Callable[[], Awaitable[str | None]]
"""Reads the configured hash (the service asks its scanning process: it may have been reloaded)."""
Verify = Callable[[str, str], bool]
"""Whether a value matches a configured hash (`aucote.api.auth.token_matches`)."""
PRINCIPAL = Principal(name="service.api.password", role=Role.ADMIN, credential=Credential.PASSWORD)


class LegacyPassword:
    """Checks Bearer values against `service.api.password`."""

    def __init__(self, password_hash: PasswordHash, verify: Verify = token_matches) -> None:
        self._password_hash, self._verify = password_hash, verify
        self._matched: tuple[str, str] | None = None
        self._one_at_a_time = anyio.CapacityLimiter(1)

    async def matches(self, token: str) -> bool:
        """Whether `token` is the configured password (always False when none is configured)."""
        stored = await self._password_hash()
        if not stored:
            return False
        seen = digest(token)
        if self._matched is not None and self._remembered(stored, seen):
            return True
        if not await to_thread.run_sync(self._verify, token, stored, limiter=self._one_at_a_time):
            return False
        self._matched = (stored, seen)
        return True

    def _remembered(self, stored: str, seen: str) -> bool:
        matched_hash, matched_digest = self._matched or ("", "")
        return hmac.compare_digest(matched_digest, seen) and matched_hash == stored
