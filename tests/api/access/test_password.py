"""service.api.password as a credential: checked against the hash configured now (a reload applies
at once), the slow hash computed once for a client that keeps sending the same password."""

import asyncio

from aucote.api.access.password import LegacyPassword
from aucote.api.auth import hash_token, token_matches


class Configured:
    """service.api.password as the service has it now, and the hash checks made."""

    def __init__(self, stored: str | None) -> None:
        self.stored = stored
        self.checks = 0

    async def read(self) -> str | None:
        return self.stored

    def verify(self, token: str, stored: str) -> bool:
        self.checks += 1
        return token_matches(token, stored)


def test_the_password_matches_and_is_checked_once() -> None:
    configured = Configured(hash_token("s3cret", iterations=1000))
    password = LegacyPassword(configured.read, configured.verify)
    assert asyncio.run(password.matches("s3cret")) is True
    assert [asyncio.run(password.matches("s3cret")) for _ in range(5)] == [True] * 5
    assert configured.checks == 1
    assert asyncio.run(password.matches("wrong")) is False
    assert asyncio.run(password.matches("wrong")) is False
    assert configured.checks == 3  # wrong values are checked every time


def test_a_new_hash_applies_at_once() -> None:
    configured = Configured(hash_token("s3cret", iterations=1000))
    password = LegacyPassword(configured.read, configured.verify)
    assert asyncio.run(password.matches("s3cret")) is True
    configured.stored = hash_token("another", iterations=1000)  # as after SIGHUP
    assert asyncio.run(password.matches("s3cret")) is False
    assert asyncio.run(password.matches("another")) is True
    configured.stored = None
    assert asyncio.run(password.matches("another")) is False


def test_without_a_configured_hash_nothing_matches() -> None:
    configured = Configured(None)
    assert asyncio.run(LegacyPassword(configured.read, configured.verify).matches("")) is False
    assert configured.checks == 0


def test_one_slow_check_at_a_time() -> None:
    import threading
    import time

    running, most = [0], [0]
    lock = threading.Lock()

    def slow(token: str, stored: str) -> bool:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return False

    async def flood() -> list[bool]:
        password = LegacyPassword(Configured(hash_token("s3cret", iterations=1000)).read, slow)
        return list(await asyncio.gather(*(password.matches(f"wrong {n}") for n in range(4))))

    assert asyncio.run(flood()) == [False] * 4
    assert most[0] == 1
