"""Password hashing with Argon2id (argon2-cffi), and the password rule.

Parameters: RFC 9106's second recommended option (`argon2.profiles.RFC_9106_LOW_MEMORY`: Argon2id,
t=3 passes, m=64 MiB, p=4 lanes, 16-byte salt, 32-byte hash), argon2-cffi's own default. RFC 9106
recommends it where 2 GiB per hash (its first option) is not affordable, which is the case of a
service that also runs nmap and the API on a small box. One login costs about 130 ms of CPU on the
2-core test machine (docs/benchmarks.md): slow enough that a stolen hash resists a GPU farm (64 MiB
per guess), fast enough for people logging in, and the memory (64 MiB per login under way) is why
the login page must bound concurrent logins and lock out repeated failures. The parameters are
stored in each hash: when they change, `needs_rehash` says so and the next good login rehashes.

The password rule follows NIST SP 800-63B-4 for passwords that are the only factor: at least 15
characters, no composition rules, a generous maximum (1024, to bound the hashing work), compared
after Unicode NFKC normalisation (so the same password typed on another keyboard still matches).
"""

import base64
import secrets
import unicodedata
from typing import Final

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

PARAMETERS: Final = profiles.RFC_9106_LOW_MEMORY
MIN_LENGTH: Final = 15
MAX_LENGTH: Final = 1024


class Passwords:
    """Hashes and verifies passwords with one set of Argon2id parameters."""

    def __init__(self, parameters: Parameters = PARAMETERS) -> None:
        self._hasher = PasswordHasher.from_parameters(parameters)
        self._dummy = _dummy_hash(parameters)

    def hash(self, password: str) -> str:
        """The encoded Argon2id hash of the password (random salt; parameters inside)."""
        return self._hasher.hash(normalised(password))

    def verify(self, stored_hash: str, password: str) -> bool:
        """Whether the password matches the hash (False for a malformed hash, never an exception)."""
        try:
            return self._hasher.verify(stored_hash, normalised(password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        """Whether the hash was made with other parameters than these."""
        return self._hasher.check_needs_rehash(stored_hash)

    def verify_nobody(self, password: str) -> bool:
        """Spend the time of a verification when there is no user to verify against (so a login's
        duration does not tell whether the user exists); always False."""
        self.verify(self._dummy, password)
        return False


def _dummy_hash(parameters: Parameters) -> str:
    """A well-formed hash with these parameters that no password matches (random salt and digest:
    nothing is computed to make it, verifying against it costs a full Argon2 run)."""
    salt = base64.b64encode(secrets.token_bytes(parameters.salt_len)).decode().rstrip("=")
    value = base64.b64encode(secrets.token_bytes(parameters.hash_len)).decode().rstrip("=")
    kind = parameters.type.name.lower()
    costs = f"m={parameters.memory_cost},t={parameters.time_cost},p={parameters.parallelism}"
    return f"$argon2{kind}$v={parameters.version}${costs}${salt}${value}"


def normalised(password: str) -> str:
    """The password as hashed: Unicode NFKC."""
    return unicodedata.normalize("NFKC", password)


def password_problem(password: str, user_name: str) -> str | None:
    """Why the password may not be set, or None when it may."""
    length = len(normalised(password))
    if length < MIN_LENGTH:
        return f"the password must have at least {MIN_LENGTH} characters (it has {length})"
    if length > MAX_LENGTH:
        return f"the password must have at most {MAX_LENGTH} characters"
    if normalised(password).casefold() == user_name.casefold():
        return "the password must not be the user name"
    return None
