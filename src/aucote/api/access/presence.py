"""Whether any user exists, asked of the database at most once per `ttl` seconds: reads without a
credential are open only while none does, and the API process must see a user added by the CLI
(another process) within a second or two, without a query on every request."""

import time
from collections.abc import Callable

from sqlalchemy import Engine

from aucote.storage.repository.users import any_user

TTL = 1.0


class UserPresence:
    """A cached `any_user` (checked on the event loop: one indexed row read, once a second)."""

    def __init__(self, engine: Engine, ttl: float = TTL, monotonic: Callable[[], float] = time.monotonic):
        self._engine, self._ttl, self._monotonic = engine, ttl, monotonic
        self._checked: float | None = None
        self._exists = False

    def exists(self) -> bool:
        """Whether a user (enabled or not) exists, as of at most `ttl` seconds ago."""
        now = self._monotonic()
        if self._checked is None or now - self._checked >= self._ttl:
            with self._engine.connect() as connection:
                self._exists = any_user(connection)
            self._checked = now
        return self._exists
